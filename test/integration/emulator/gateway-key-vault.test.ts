// Application Gateway's Key Vault certificates: only an existing, enabled PFX secret provisions;
// anything else fails the PUT's operation with ApplicationGatewayKeyVaultSecretException naming
// the sslCertificate and the secret. The version served is recorded per gateway.
import type { CertificateClient } from '@azure/keyvault-certificates';
import { NetworkManagementClient } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { refreshGatewayCertificates, type EmulatorHandle } from '../../../local/emulator/index.js';
import { vnetWithSubnets } from './builders.js';
import { gateway } from './gateway-builders.js';
import { LRO, fakeCredential, raw, rgPath, SUB } from './helpers.js';
import { selfSigned } from './test-certificates.js';
import { KV_POLL, startWithVault } from './vault-helpers.js';

const RG = 'rg-gw-kv';
const gatewayId = (name: string) =>
  `${rgPath(RG)}/providers/Microsoft.Network/applicationGateways/${name}`;

void describe('emulator application gateways with Key Vault certificates', () => {
  let emu: EmulatorHandle;
  let vaultUri: string;
  let certificates: CertificateClient;
  let network: NetworkManagementClient;

  before(async () => {
    ({ emu, vaultUri, certificates } = await startWithVault(RG, 'kv-gw'));
    network = new NetworkManagementClient(fakeCredential, SUB, {
      endpoint: emu.armUrl,
      tlsOptions: { ca: emu.caPem },
    });
    await vnetWithSubnets(network, RG, 'vnet');
    await certificates.importCertificate('pfx-cert', selfSigned('app.example.com').pfx);
    const pem = Buffer.from(selfSigned('pem.example.com').pem);
    await certificates.importCertificate('pem-cert', pem, {
      policy: { contentType: 'application/x-pem-file' },
    });
  });
  after(() => emu.stop());

  const put = (name: string, keyVaultSecretId: string) =>
    network.applicationGateways.beginCreateOrUpdateAndWait(
      RG,
      name,
      gateway(RG, name, [], { keyVaultSecretId }),
      LRO,
    );

  async function served(name: string): Promise<Record<string, { version: string }> | undefined> {
    const state = (await raw(emu, 'GET', '/_emulator/state')).body as {
      servedCertificates: Record<string, Record<string, { version: string }>>;
    };
    return state.servedCertificates[gatewayId(name).toLowerCase()];
  }

  void test('fails a PUT whose certificate secret is PEM, naming the sslCertificate and the secret', async () => {
    const secretId = `${vaultUri}secrets/pem-cert`;
    const failure = await put('gw-pem', secretId).then(
      () => assert.fail('the PUT should fail'),
      (err: unknown) => String((err as Error).message),
    );
    assert.match(failure, /ApplicationGatewayKeyVaultSecretException/);
    assert.match(failure, /ApplicationGatewaySslCertificateInvalidData/);
    assert.ok(failure.includes(`${gatewayId('gw-pem')}/sslCertificates/app-cert`));
    assert.ok(failure.includes(secretId));
    assert.match(failure, /application\/x-pem-file/);
    const stored = await network.applicationGateways.get(RG, 'gw-pem');
    assert.equal(stored.provisioningState, 'Failed');
  });

  void test('provisions a PUT whose secret is an enabled PFX and records the version it serves', async () => {
    const done = await put('gw-pfx', `${vaultUri}secrets/pfx-cert`);
    assert.equal(done.provisioningState, 'Succeeded');
    const current = await certificates.getCertificate('pfx-cert');
    assert.equal((await served('gw-pfx'))?.['app-cert']?.version, current.properties.version);
    const pinned = await put(
      'gw-pinned',
      `${vaultUri}secrets/pfx-cert/${current.properties.version ?? ''}`,
    );
    assert.equal(pinned.provisioningState, 'Succeeded');
  });

  void test('keeps the held version on a PUT with the same id and moves on with the poll', async () => {
    const first = (await served('gw-pfx'))?.['app-cert']?.version;
    const next = await certificates.importCertificate(
      'pfx-cert',
      selfSigned('app.example.com').pfx,
    );
    await put('gw-pfx', `${vaultUri}secrets/pfx-cert`);
    assert.equal((await served('gw-pfx'))?.['app-cert']?.version, first);
    assert.deepEqual(refreshGatewayCertificates(emu.engine, gatewayId('gw-pfx')), []);
    assert.equal((await served('gw-pfx'))?.['app-cert']?.version, next.properties.version);
  });

  void test('fails with SecretDisabled when the certificate version is disabled', async () => {
    await certificates.importCertificate('off-cert', selfSigned('off.example.com').pfx);
    const current = await certificates.getCertificate('off-cert');
    await certificates.updateCertificateProperties('off-cert', current.properties.version ?? '', {
      enabled: false,
    });
    await assert.rejects(put('gw-off', `${vaultUri}secrets/off-cert`), /SecretDisabled.*off-cert/);
  });

  void test('fails with SecretDeletedFromKeyVault when the certificate was deleted', async () => {
    await certificates.importCertificate('gone-cert', selfSigned('gone.example.com').pfx);
    await (await certificates.beginDeleteCertificate('gone-cert', KV_POLL)).pollUntilDone();
    await assert.rejects(
      put('gw-gone', `${vaultUri}secrets/gone-cert`),
      /SecretDeletedFromKeyVault.*gone-cert/,
    );
    await assert.rejects(
      put('gw-never', `${vaultUri}secrets/never-created`),
      /SecretDeletedFromKeyVault/,
    );
  });

  void test('refuses at once a keyVaultSecretId that does not reference a secret', async () => {
    await assert.rejects(put('gw-bad-id', `${vaultUri}certificates/pfx-cert`), {
      statusCode: 400,
      message: /doesn't properly reference a secret/,
    });
  });
});

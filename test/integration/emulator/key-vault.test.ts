import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { CertificateClient } from '@azure/keyvault-certificates';
import { SecretClient } from '@azure/keyvault-secrets';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { localCredential } from '../../../src/azure/local-token.js';
import { until } from '../../support/eventually.js';
import { fakeCredential, LRO, startWithResourceGroup, raw, rgPath, SUB } from './helpers.js';
import { commonNameOf, commonNameOfPfx, selfSigned } from './test-certificates.js';

const RG = 'rg-kv';
/** The data-plane caller: Key Vault Administrator on the resource group (the vault uses RBAC). */
const CALLER = '00000000-0000-4000-8000-00000000cafe';
const KEY_VAULT_ADMINISTRATOR = '00482a5a-887f-4fb3-b363-3b7fe8e74483';

void describe('emulator Key Vault data plane', () => {
  let emu: EmulatorHandle;
  let vaultUri: string;
  let certificates: CertificateClient;
  let secrets: SecretClient;

  before(async () => {
    const started = await startWithResourceGroup(RG);
    emu = started.emu;
    const options = started.options;
    const kv = new KeyVaultManagementClient(fakeCredential, SUB, options);
    const vault = await kv.vaults.beginCreateOrUpdateAndWait(
      RG,
      'kv-one',
      {
        location: 'westeurope',
        properties: {
          tenantId: emu.tenantId,
          sku: { family: 'A', name: 'standard' },
          enableRbacAuthorization: true,
        },
      },
      LRO,
    );
    vaultUri = vault.properties.vaultUri ?? '';
    const clientOptions = {
      tlsOptions: { ca: emu.caPem },
      disableChallengeResourceVerification: true,
    };
    const assignment = `${rgPath(RG)}/providers/Microsoft.Authorization/roleAssignments/2f0c3a4e-0000-4000-8000-00000000cafe`;
    await raw(emu, 'PUT', `${assignment}?api-version=2022-04-01`, {
      properties: {
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_ADMINISTRATOR}`,
        principalId: CALLER,
        principalType: 'ServicePrincipal',
      },
    });
    const credential = localCredential(CALLER);
    certificates = new CertificateClient(vaultUri, credential, clientOptions);
    secrets = new SecretClient(vaultUri, credential, clientOptions);
    // A new role assignment applies after a (time-scaled) delay.
    await until(
      () =>
        secrets
          .listPropertiesOfSecrets()
          .byPage()
          .next()
          .then(
            () => true,
            () => false,
          ),
      { what: "the caller's role assignment to apply" },
    );
  });
  after(() => emu.stop());

  void test('gives each vault its own loopback origin as vaultUri', async () => {
    assert.match(vaultUri, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(new URL(vaultUri).port, new URL(emu.armUrl).port);
    const res = await raw(emu, 'GET', '/secrets?api-version=7.6', undefined, {}, vaultUri);
    assert.equal(res.status, 401);
    assert.match(
      String(res.headers['www-authenticate']),
      /authorization="https:\/\/login\.microsoftonline\.com\//,
    );
  });

  void test('imports a PEM certificate and returns its secret as PEM', async () => {
    const cert = selfSigned('app.example.com');
    const imported = await certificates.importCertificate('app-cert', Buffer.from(cert.pem), {
      policy: { contentType: 'application/x-pem-file', issuerName: 'Unknown' },
      tags: { owner: 'aci-vnet-sidecars' },
    });
    assert.equal(imported.name, 'app-cert');
    assert.ok(imported.properties.version);
    assert.equal(commonNameOf(imported.cer ?? new Uint8Array()), 'app.example.com');
    const secret = await secrets.getSecret('app-cert');
    assert.equal(secret.properties.contentType, 'application/x-pem-file');
    assert.match(secret.value ?? '', /BEGIN PRIVATE KEY[\s\S]+BEGIN CERTIFICATE/);
    assert.equal(secret.properties.managed, true);
  });

  void test('keeps every imported version and gets a specific one', async () => {
    const first = await certificates.getCertificate('app-cert');
    const second = await certificates.importCertificate(
      'app-cert',
      Buffer.from(selfSigned('app2.example.com').pem),
      {
        policy: { contentType: 'application/x-pem-file' },
      },
    );
    const versions: string[] = [];
    for await (const v of certificates.listPropertiesOfCertificateVersions('app-cert'))
      versions.push(v.version ?? '');
    assert.deepEqual(versions.sort(), [first.properties.version, second.properties.version].sort());
    const old = await certificates.getCertificateVersion(
      'app-cert',
      first.properties.version ?? '',
    );
    assert.equal(commonNameOf(old.cer ?? new Uint8Array()), 'app.example.com');
    const latest = await certificates.getCertificate('app-cert');
    assert.equal(latest.properties.version, second.properties.version);
  });

  void test('imports a password-protected PFX and returns its secret as PKCS#12', async () => {
    const cert = selfSigned('pfx.example.com', 'pw');
    await certificates.importCertificate('pfx-cert', cert.pfx, { password: 'pw' });
    const secret = await secrets.getSecret('pfx-cert');
    assert.equal(secret.properties.contentType, 'application/x-pkcs12');
    assert.equal(commonNameOfPfx(secret.value ?? ''), 'pfx.example.com');
  });

  void test('updates tags and lists certificates', async () => {
    const latest = await certificates.getCertificate('app-cert');
    await certificates.updateCertificateProperties('app-cert', latest.properties.version ?? '', {
      tags: { owner: 'aci-vnet-sidecars', renewed: 'yes' },
    });
    const names: string[] = [];
    for await (const c of certificates.listPropertiesOfCertificates())
      names.push(`${c.name ?? ''}:${c.tags?.renewed ?? '-'}`);
    assert.deepEqual(names.sort(), ['app-cert:yes', 'pfx-cert:-']);
  });

  void test('answers CertificateNotFound for an unknown certificate', async () => {
    await assert.rejects(certificates.getCertificate('nope'), {
      statusCode: 404,
      code: 'CertificateNotFound',
    });
  });

  void test('sets, gets and lists versions of plain secrets', async () => {
    await secrets.setSecret('db-name', 'one');
    const second = await secrets.setSecret('db-name', 'two', { contentType: 'text/plain' });
    assert.equal((await secrets.getSecret('db-name')).value, 'two');
    const versions: string[] = [];
    for await (const v of secrets.listPropertiesOfSecretVersions('db-name'))
      versions.push(v.version ?? '');
    assert.equal(versions.length, 2);
    assert.ok(versions.includes(second.properties.version ?? ''));
  });
});

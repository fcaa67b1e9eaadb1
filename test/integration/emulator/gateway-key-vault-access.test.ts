// Application Gateway reads its Key Vault certificate with its own user-assigned identity, and a
// new role assignment grants nothing for up to 10 minutes (troubleshooting.md): a PUT whose
// operation ends before the identity's grant applies fails with
// ApplicationGatewayKeyVaultSecretAccessDenied (MicrosoftDocs/azure-docs#33157); the same PUT
// once the grant applies provisions. The four-hourly poll meets the same refusal. Real
// durations on a manual clock.
import { NetworkManagementClient } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  manualClock,
  refreshGatewayCertificates,
  type EmulatorHandle,
} from '../../../local/emulator/index.js';
import { latencyOf } from '../../../local/emulator/arm/latencies.js';
import { vnetWithSubnets } from './builders.js';
import { gateway } from './gateway-builders.js';
import {
  armOptions,
  drive,
  fakeCredential,
  LRO,
  raw,
  rgPath,
  startTestEmulator,
  SUB,
} from './helpers.js';
import {
  assignRole,
  createRbacVault,
  TEN_MINUTES,
  vaultCall,
  vaultId,
  VAULT_ROLES,
} from './key-vault-rbac-rig.js';
import { selfSigned } from './test-certificates.js';

const RG = 'rg-gw-kv-access';
const VAULT_ID = vaultId(RG, 'kv-gw-access');
const IDENTITY = `${rgPath(RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gw`;
const GATEWAY = `${rgPath(RG)}/providers/Microsoft.Network/applicationGateways/gw`;
const GATEWAY_CREATE_MS = latencyOf('Microsoft.Network/applicationGateways').createMs;

void describe("emulator application gateways reading Key Vault with the gateway's identity", () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let secretId: string;
  let principalId: string;
  let network: NetworkManagementClient;
  let grant: string;

  const provisioningState = async () =>
    (
      (await raw(emu, 'GET', `${GATEWAY}?api-version=2025-05-01`)).body as {
        properties: { provisioningState: string };
      }
    ).properties.provisioningState;
  /** PUTs the gateway and lets its operation run exactly as long as Azure's create takes. */
  const putGateway = async () => {
    const poller = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw',
      {
        ...gateway(RG, 'gw', [], { keyVaultSecretId: secretId }),
        identity: { type: 'UserAssigned', userAssignedIdentities: { [IDENTITY]: {} } },
      },
      LRO,
    );
    clock.advance(GATEWAY_CREATE_MS);
    return poller.pollUntilDone().then(
      (done) => ({ status: done.provisioningState, message: '' }),
      (error: Error) => ({ status: 'Failed', message: error.message }),
    );
  };

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    const vaultUri = await createRbacVault(emu, VAULT_ID);
    network = new NetworkManagementClient(fakeCredential, SUB, armOptions(emu));
    await drive(clock, vnetWithSubnets(network, RG, 'vnet'));
    // The app imports the certificate with its own (long applied) Secrets Officer role.
    const writer = 'a1b2c3d4-0000-4000-8000-000000000001';
    await assignRole(emu, VAULT_ID, VAULT_ROLES.secretsOfficer, writer);
    clock.advance(TEN_MINUTES);
    const pfx = Buffer.from(selfSigned('app.example.com').pfx).toString('base64');
    const written = await vaultCall(emu, vaultUri, clock, writer, 'PUT', '/secrets/app-cert', {
      value: pfx,
      contentType: 'application/x-pkcs12',
    });
    assert.equal(written.status, 200, JSON.stringify(written.body));
    secretId = `${vaultUri}secrets/app-cert`;
    const identity = await raw(emu, 'PUT', `${IDENTITY}?api-version=2024-11-30`, {
      location: 'westeurope',
    });
    principalId = (identity.body as { properties: { principalId: string } }).properties.principalId;
  });
  after(() => emu.stop());

  void test('fails a PUT whose identity was granted the secret too recently, and provisions it once the grant applies', async () => {
    ({ id: grant } = await assignRole(
      emu,
      `${VAULT_ID}/secrets/app-cert`,
      VAULT_ROLES.secretsUser,
      principalId,
    ));
    const early = await putGateway();
    assert.equal(early.status, 'Failed');
    assert.match(early.message, /ApplicationGatewayKeyVaultSecretException/);
    assert.match(early.message, /ApplicationGatewayKeyVaultSecretAccessDenied/);
    assert.ok(early.message.includes(`Access denied for KeyVault Secret '${secretId}'`));
    assert.equal(await provisioningState(), 'Failed');

    clock.advance(TEN_MINUTES - GATEWAY_CREATE_MS);
    const applied = await putGateway();
    assert.equal(applied.status, 'Succeeded', JSON.stringify(applied));
    assert.equal(await provisioningState(), 'Succeeded');
  });

  void test('the four-hourly poll reports the refusal once the grant is gone, and keeps the version served', async () => {
    const state = async () =>
      (
        (await raw(emu, 'GET', '/_emulator/state')).body as {
          servedCertificates: Record<string, Record<string, { version: string }>>;
        }
      ).servedCertificates[GATEWAY.toLowerCase()]?.['app-cert']?.version;
    const servedBefore = await state();
    assert.ok(servedBefore);
    assert.equal((await raw(emu, 'DELETE', `${grant}?api-version=2022-04-01`)).status, 200);
    const problems = refreshGatewayCertificates(emu.engine, GATEWAY);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['ApplicationGatewayKeyVaultSecretAccessDenied'],
    );
    assert.equal(await state(), servedBefore);
  });
});

// What each identity of the plan can read in the environment's vault once the identities and
// key-vault stages have run against the emulator (which enforces Key Vault RBAC and the scope of
// each role assignment): the certificate's secret for the groups and the gateway, the ACME
// account key for this app alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createVault, type Vault } from '../../../src/azure/key-vault.js';
import { environmentContext } from '../../../src/environments/index.js';
import { classifyFailure } from '../../../src/errors.js';
import { planIds } from '../../../src/plan/index.js';
import { resourcesOfStage } from '../../../src/provisioning/stage-graph.js';
import type { StageContext } from '../../../src/provisioning/stage-context.js';
import { stageDefinition } from '../../../src/provisioning/stage-table.js';
import { createAppServices } from '../../../src/services.js';
import { parseSpec } from '../../../src/spec/index.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { exampleInput } from '../../support/specs.js';
import { startStageEmulator } from '../../support/stage-deployment.js';

const IDENTITY_API = 'api-version=2024-11-30';
const VAULT_API = 'api-version=2026-02-01';

describe("the plan's identities in the environment's vault", () => {
  let emu: EmulatorHandle;
  const spec = exampleInput('full');
  const parsed = parseSpec(spec);
  assert.ok(parsed.ok);
  const { names } = parsed.spec;
  const ids = planIds(parsed.spec);
  let vaultUri = '';
  /** Every user-assigned identity the plan creates. */
  let planned: string[] = [];

  before(async () => {
    // Propagation has its own tests (key-vault-rbac, role-assignment-delay): scope is tested here.
    emu = await startStageEmulator('identity-vault');
    const services = createAppServices(localSettings(emu), emulatorConnection(emu), () => {});
    for (const stage of ['identities', 'key-vault'] as const) {
      const env = environmentContext(services, spec, stage);
      planned = env.plan.resources
        .filter((r) => r.type === 'Microsoft.ManagedIdentity/userAssignedIdentities')
        .map((r) => r.id);
      const ctx: StageContext = { ...env, resources: resourcesOfStage(env.plan, stage) };
      await stageDefinition(stage).run(ctx);
    }
    const vault = await adminRequest(emu, 'GET', `${ids.keyVault}?${VAULT_API}`);
    vaultUri = String((vault.properties as { vaultUri: string }).vaultUri);
    // What the certificate stage and the ACME account leave in the vault, written by this app.
    const app = createVault(emulatorConnection(emu), vaultUri);
    await app.setSecret(names.certificate, 'certificate bytes', 'application/x-pkcs12');
    await app.setSecret(names.acmeAccountKeySecret, 'account key', 'application/x-pem-file');
  });
  after(() => emu.stop());

  /** The vault as the planned identity `identityId` sees it (its token names its principal id). */
  async function vaultAs(identityId: string): Promise<Vault> {
    const identity = await adminRequest(emu, 'GET', `${identityId}?${IDENTITY_API}`);
    const principalId = String((identity.properties as { principalId: string }).principalId);
    const settings = localSettings(emu, { ACI_VNET_SIDECARS_PRINCIPAL_ID: principalId });
    return createVault(
      connect(settings, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5 } }),
      vaultUri,
    );
  }

  const refusal = (vault: Vault, name: string) =>
    vault.getSecretVersion(name).then(
      () => 'read',
      (error: unknown) => classifyFailure(error).kind,
    );

  test('the app groups, the dashboard and the gateway read the certificate secret', async () => {
    for (const identityId of [ids.appIdentity, ids.dashboardIdentity, ids.gatewayIdentity]) {
      const secret = await (await vaultAs(identityId)).getSecretVersion(names.certificate);
      assert.equal(secret?.value, 'certificate bytes', identityId);
    }
  });

  test('no managed identity reads the ACME account key: only this app does', async () => {
    assert.equal(planned.length, 4);
    for (const identityId of planned) {
      assert.equal(
        await refusal(await vaultAs(identityId), names.acmeAccountKeySecret),
        'forbidden',
        identityId,
      );
    }
    const app = createVault(emulatorConnection(emu), vaultUri);
    assert.equal((await app.getSecretVersion(names.acmeAccountKeySecret))?.value, 'account key');
  });

  test('the SQL administrator identity reads nothing in the vault', async () => {
    const admin = await vaultAs(ids.sqlAdminIdentity);
    assert.equal(await refusal(admin, names.certificate), 'forbidden');
  });
});

// An environment listed in infra's `preparedEnvironments` gets its gateway identity, and that
// identity's Key Vault Secrets User on the resource group, from `azd provision`, long before its
// first deployment (infra/prepared-environment.bicep; locally environment-access.ts). The
// gateway-configuration stage then counts from that grant instead of the one on the certificate's
// secret the deployment has just made, and writes the HTTPS listener without waiting for it. The
// emulator's Key Vault agrees: the older grant is what lets the gateway read.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, systemClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createVault } from '../../../src/azure/key-vault.js';
import { grantEnvironmentAccess } from '../../../src/cli/local-stack/environment-access.js';
import { environmentContext } from '../../../src/environments/index.js';
import { planIds } from '../../../src/plan/index.js';
import { resourcesOfStage } from '../../../src/provisioning/stage-graph.js';
import type { StageContext } from '../../../src/provisioning/stage-context.js';
import { stageDefinition } from '../../../src/provisioning/stage-table.js';
import { gatewayGrantsNotReady } from '../../../src/provisioning/stages/gateway-grants.js';
import { ROLE_ASSIGNMENT_APPLIES_MS } from '../../../src/retry-policies.js';
import { createAppServices, type AppServices } from '../../../src/services.js';
import { LOCAL_PRINCIPAL_ID } from '../../../src/settings.js';
import { parseSpec } from '../../../src/spec/index.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { exampleInput } from '../../support/specs.js';

const TIME_SCALE = 0.0001;
/** A new role assignment applies after half an hour of real time here: nothing made now applies. */
const REAL_DELAY_MS = 1_800_000;
/** How long before the deployment `azd provision` ran. */
const PROVISIONED_AGO_MS = 2 * 3_600_000;

describe('a prepared environment: the gateway identity and its grant exist before the deployment', () => {
  let emu: EmulatorHandle;
  let services: AppServices;
  let offsetMs = 0;
  const spec = exampleInput('minimal');
  const parsed = parseSpec(spec);
  assert.ok(parsed.ok);
  const ids = planIds(parsed.spec);
  const { names } = parsed.spec;

  const stageContext = (stage: Parameters<typeof stageDefinition>[0]): StageContext => {
    const env = environmentContext(services, spec, stage);
    return { ...env, resources: resourcesOfStage(env.plan, stage) };
  };

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-prepared-gateway-')),
      timeScale: TIME_SCALE,
      freshSubscription: false,
      roleAssignmentDelayMs: REAL_DELAY_MS / TIME_SCALE,
      clock: { now: () => Date.now() + offsetMs, setTimer: systemClock.setTimer },
    });
    services = createAppServices(
      localSettings(emu, {
        // Azure's own figure: a grant made during this test is never counted as applied.
        ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: String(ROLE_ASSIGNMENT_APPLIES_MS),
      }),
      emulatorConnection(emu),
      () => {},
    );
    offsetMs = -PROVISIONED_AGO_MS;
    await grantEnvironmentAccess(
      emu,
      {
        subscriptionId: parsed.spec.subscriptionId,
        resourceGroup: parsed.spec.resourceGroup,
        location: parsed.spec.location,
        principalId: LOCAL_PRINCIPAL_ID,
        preparedEnvironments: [parsed.spec.name],
      },
      TIME_SCALE,
    );
    offsetMs = 0;
    for (const stage of ['identities', 'key-vault'] as const)
      await stageDefinition(stage).run(stageContext(stage));
  });
  after(() => emu?.stop());

  test('the identity is the one the plan names and the deployment keeps it', async () => {
    const identity = await adminRequest(
      emu,
      'GET',
      `${ids.gatewayIdentity}?api-version=2024-11-30`,
    );
    assert.equal(identity.name, names.gatewayIdentity);
    assert.deepEqual(identity.tags, {
      'aci-vnet-sidecars-environment': parsed.spec.name,
      'managed-by': 'aci-vnet-sidecars',
    });
  });

  test("gateway-configuration does not wait for the grant it has just made on the certificate's secret", async () => {
    const ctx = stageContext('gateway-configuration');
    const gateway = ctx.resources.find((r) => r.type === 'Microsoft.Network/applicationGateways');
    assert.ok(gateway);
    const ownGrant = gateway.dependsOn.find((id) => /roleAssignments/i.test(id)) ?? '';
    const own = await adminRequest(emu, 'GET', `${ownGrant}?api-version=2022-04-01`);
    const age =
      Date.now() - Date.parse(String((own.properties as { createdOn: string }).createdOn));
    assert.ok(age < ROLE_ASSIGNMENT_APPLIES_MS, `the planned grant is ${age} ms old`);
    assert.equal(await gatewayGrantsNotReady(ctx, gateway), undefined);
  });

  test('the gateway identity reads the certificate through the resource group grant, and so does every secret of the vault', async () => {
    const identity = await adminRequest(
      emu,
      'GET',
      `${ids.gatewayIdentity}?api-version=2024-11-30`,
    );
    const principalId = String((identity.properties as { principalId: string }).principalId);
    const vault = await adminRequest(emu, 'GET', `${ids.keyVault}?api-version=2026-02-01`);
    const vaultUri = String((vault.properties as { vaultUri: string }).vaultUri);
    const app = createVault(emulatorConnection(emu), vaultUri);
    await app.setSecret(names.certificate, 'certificate bytes', 'application/x-pkcs12');
    await app.setSecret(names.acmeAccountKeySecret, 'account key', 'application/x-pem-file');
    const asGateway = createVault(
      connect(localSettings(emu, { ACI_VNET_SIDECARS_PRINCIPAL_ID: principalId }), {
        retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5 },
      }),
      vaultUri,
    );
    assert.equal((await asGateway.getSecretVersion(names.certificate))?.value, 'certificate bytes');
    // The trade-off infra/README.md states: the group-wide grant reaches the ACME account key.
    assert.equal(
      (await asGateway.getSecretVersion(names.acmeAccountKeySecret))?.value,
      'account key',
    );
  });

  test('without the prepared grant the same check waits, naming the time left', async () => {
    const group = `/subscriptions/${parsed.spec.subscriptionId}/resourceGroups/${parsed.spec.resourceGroup}`;
    const listed = await adminRequest(
      emu,
      'GET',
      `${group}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=atScope()`,
    );
    const prepared = (
      listed.value as { id: string; properties: { roleDefinitionId: string } }[]
    ).filter((a) => a.properties.roleDefinitionId.endsWith('4633458b-17de-408a-b874-0445c86b69e6'));
    assert.equal(prepared.length, 1);
    for (const a of prepared) await adminRequest(emu, 'DELETE', `${a.id}?api-version=2022-04-01`);
    const ctx = stageContext('gateway-configuration');
    const gateway = ctx.resources.find((r) => r.type === 'Microsoft.Network/applicationGateways');
    assert.ok(gateway);
    const pending = await gatewayGrantsNotReady(ctx, gateway);
    assert.match(pending?.notReady ?? '', /new Key Vault role assignment to apply .*min left/);
  });
});

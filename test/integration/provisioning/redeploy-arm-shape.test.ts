import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { applyContext, applyResources } from '../../../src/environments/apply.js';
import { resourcesOfStage, stageGraph, stageWaves } from '../../../src/provisioning/stage-graph.js';
import { readSettings } from '../../../src/settings.js';
import type { Plan, PlannedResource } from '../../../src/plan/index.js';
import { examplePlan } from '../../unit/plan/helpers.js';
import { roleAssignmentApplyMs } from '../../../src/cli/local-stack/timer-schedules.js';
import { adminRequest } from '../../support/admin.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';

/** An entry of the emulator's request log (`GET /_emulator/requests`). */
interface RecordedRequest {
  method: string;
  path: string;
  changedState: boolean;
}

type Json = Record<string, unknown>;

/** The gateway is written by its own writer (src/environments/gateway-writer.ts), not by apply. */
const WRITTEN_ELSEWHERE = 'Microsoft.Network/applicationGateways';

describe('a second deployment against ARM-shaped answers', () => {
  let emu: EmulatorHandle;
  let webhook: TestWebhook;
  let plan: Plan;
  const params = {
    tenantId: '',
    deployerPrincipalId: '00000000-0000-4000-8000-0000000000a0',
  };

  before(async () => {
    // The emulator's default: answers shaped as ARM shapes them (local/emulator/arm/arm-shape.ts).
    emu = await startEmulator({
      stateDir: join(tmpdir(), 'avs-redeploy-arm-shape-test'),
      timeScale: 0.0001,
      freshSubscription: false,
    });
    params.tenantId = emu.tenantId;
    webhook = await startWebhook();
    // A function webhook carries its key in the query; Azure answers only the base URL.
    const endpointUrl = `${webhook.url}?code=function-key`;
    plan = examplePlan('full', {}, { eventDestination: { endpointType: 'WebHook', endpointUrl } });
    await adminRequest(
      emu,
      'PUT',
      `/subscriptions/${plan.subscriptionId}/resourcegroups/${plan.resourceGroup}?api-version=2025-04-01`,
      { location: 'westeurope' },
    );
    // The public zone belongs to the user; the app only writes records into it.
    const dnsGroup = `/subscriptions/${plan.subscriptionId}/resourcegroups/rg-dns`;
    await adminRequest(emu, 'PUT', `${dnsGroup}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
    await adminRequest(
      emu,
      'PUT',
      `${dnsGroup}/providers/Microsoft.Network/dnsZones/contoso.example?api-version=2018-05-01`,
      { location: 'global' },
    );
  });
  after(async () => {
    await webhook?.close();
    await emu?.stop();
  });

  function store() {
    const settings = readSettings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
      ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '1',
      ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: String(roleAssignmentApplyMs(0.0001)),
    });
    assert.ok(settings.ok);
    const connection = connect({ ...settings.settings, caFile: undefined });
    return createResourceStore(
      { ...connection, armOptions: { ...connection.armOptions, tlsOptions: { ca: emu.caPem } } },
      plan.subscriptionId,
    );
  }

  /** Every resource the generic apply writes, in stage order. */
  function applied(): PlannedResource[] {
    const stages = stageWaves(stageGraph(plan)).flat();
    return stages
      .flatMap((s) => resourcesOfStage(plan, s))
      .filter((r) => r.type !== WRITTEN_ELSEWHERE);
  }

  async function writes(): Promise<string[]> {
    const log = await adminRequest(emu, 'GET', '/_emulator/requests');
    return (log.value as RecordedRequest[])
      .filter((r) => r.changedState)
      .map((r) => `${r.method} ${r.path}`);
  }

  async function answer(type: string): Promise<Json> {
    const planned = plan.resources.find((r) => r.type === type)!;
    return adminRequest(emu, 'GET', `${planned.id}?api-version=${planned.apiVersion}`);
  }

  test('ARM answers in its own form, not as an echo of what was PUT', async () => {
    const first = await applyResources(applyContext(store(), plan, params), applied());
    assert.ok(first.every((r) => r.changed));
    const identity = await answer('Microsoft.ManagedIdentity/userAssignedIdentities');
    assert.match(String(identity.id), /\/resourcegroups\//);
    const group = await answer('Microsoft.ContainerInstance/containerGroups');
    const keys = Object.keys((group.identity as Json).userAssignedIdentities as Json);
    assert.match(keys[0]!, /\/resourcegroups\//);
    const server = await answer('Microsoft.Sql/servers');
    assert.equal((server.properties as Json).administrators, undefined);
    const database = await answer('Microsoft.Sql/servers/databases');
    assert.deepEqual(database.sku, { name: 'Standard', tier: 'Standard', capacity: 20 });
    const role = await answer('Microsoft.Authorization/roleAssignments');
    assert.match(String((role.properties as Json).roleDefinitionId), /^\/providers\//);
  });

  test('writes nothing the second time: no PUT, PATCH, DELETE or POST action', async () => {
    const before = await writes();
    const second = await applyResources(applyContext(store(), plan, params), applied());
    assert.deepEqual(
      second.filter((r) => r.changed).map((r) => `${r.name}: ${r.drift.join(', ')}`),
      [],
    );
    assert.deepEqual((await writes()).slice(before.length), [], 'the second run sent a write');
  });
});

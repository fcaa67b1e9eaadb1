import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { applyContext, applyResources, resolvedBody } from '../../../src/environments/apply.js';
import type { Plan, PlannedResource } from '../../../src/plan/index.js';
import { reportOf } from '../../../src/provisioning/report.js';
import { resourcesOfStage, type StageName } from '../../../src/provisioning/stage-graph.js';
import { readSettings } from '../../../src/settings.js';
import { roleAssignmentApplyMs } from '../../../src/cli/local-stack/timer-schedules.js';
import { adminRequest } from '../../support/admin.js';
import { examplePlan } from '../../unit/plan/helpers.js';

const GROUPS = 'Microsoft.ContainerInstance/containerGroups';
/** Everything the container groups reference, then the groups. */
const STAGES: StageName[] = [
  'identities',
  'network',
  'private-dns',
  'key-vault',
  'registry',
  'database',
  'container-groups',
];

interface ContainerView {
  name: string;
  properties: { resources: { requests: { cpu: number } } };
}

interface RecordedRequest {
  method: string;
  path: string;
  changedState: boolean;
}

describe('applying a change ACI cannot make in place', () => {
  let emu: EmulatorHandle;
  const deployed = examplePlan('minimal', { app: { instances: 2 } });
  const moreCpu = examplePlan('minimal', {
    app: { instances: 2, resources: { web: { cpu: 1, memoryInGB: 1 } } },
  });

  before(async () => {
    emu = await startEmulator({
      stateDir: join(tmpdir(), 'avs-replace-test'),
      timeScale: 0.0001,
      freshSubscription: false,
    });
    await adminRequest(
      emu,
      'PUT',
      `/subscriptions/${deployed.subscriptionId}/resourcegroups/${deployed.resourceGroup}?api-version=2025-04-01`,
      { location: 'westeurope' },
    );
    await applyResources(
      context(deployed),
      STAGES.flatMap((s) => resourcesOfStage(deployed, s)),
    );
  });
  after(() => emu.stop());

  function context(plan: Plan, log?: (line: string) => void) {
    const settings = readSettings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
      ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '1',
      ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: String(roleAssignmentApplyMs(0.0001)),
    });
    assert.ok(settings.ok);
    const connection = connect({ ...settings.settings, caFile: undefined });
    const store = createResourceStore(
      { ...connection, armOptions: { ...connection.armOptions, tlsOptions: { ca: emu.caPem } } },
      plan.subscriptionId,
    );
    return applyContext(
      store,
      plan,
      { tenantId: emu.tenantId, deployerPrincipalId: '00000000-0000-4000-8000-0000000000a0' },
      log,
    );
  }

  const groupsOf = (plan: Plan): PlannedResource[] =>
    resourcesOfStage(plan, 'container-groups').filter((r) => r.type === GROUPS);

  async function writesSince(count: number): Promise<string[]> {
    const response = await adminRequest(emu, 'GET', '/_emulator/requests');
    return (response.value as RecordedRequest[])
      .filter((r) => r.changedState && !r.path.startsWith('/_emulator'))
      .slice(count)
      .map((r) => `${r.method} ${r.path.split('?')[0]!.split('/').at(-1)!}`);
  }

  test('Azure refuses the plain PUT: the new CPU needs the group deleted first', async () => {
    const [group] = groupsOf(moreCpu);
    const ctx = context(moreCpu);
    const body = await resolvedBody(ctx, group!);
    await assert.rejects(ctx.store.put(group!.id, group!.apiVersion, body), (error: Error) => {
      assert.match(error.message, /InvalidContainerGroupUpdate/);
      return true;
    });
  });

  test('deletes each group, waits for the delete, creates it with the new CPU, and says why', async () => {
    const before = (await writesSince(0)).length;
    const lines: string[] = [];
    const applied = await applyResources(
      context(moreCpu, (l) => lines.push(l)),
      groupsOf(moreCpu),
    );
    assert.deepEqual(await writesSince(before), [
      'DELETE ci-contoso-dev-app-1',
      'PUT ci-contoso-dev-app-1',
      'DELETE ci-contoso-dev-app-2',
      'PUT ci-contoso-dev-app-2',
    ]);
    assert.deepEqual(
      applied.map((a) => [a.name, a.replaces]),
      [
        ['ci-contoso-dev-app-1', ["CPU of container 'web'"]],
        ['ci-contoso-dev-app-2', ["CPU of container 'web'"]],
        ['ci-contoso-dev-dashboard', undefined],
      ],
    );
    for (const a of applied.slice(0, 2)) {
      const containers = a.resource.properties?.containers as ContainerView[];
      const web = containers.find((c) => c.name === 'web');
      assert.equal(web?.properties.resources.requests.cpu, 1);
      assert.equal(a.resource.properties?.provisioningState, 'Succeeded');
    }
    assert.deepEqual(
      lines.filter((l) => l.startsWith('replaces')),
      [
        "replaces containerGroups/ci-contoso-dev-app-1 (CPU of container 'web' changed)",
        "replaces containerGroups/ci-contoso-dev-app-2 (CPU of container 'web' changed)",
      ],
    );
    assert.equal(
      reportOf(applied).summary,
      "replaces ci-contoso-dev-app-1 (CPU of container 'web' changed), replaces ci-contoso-dev-app-2 (CPU of container 'web' changed), 1 unchanged",
    );
  });

  test('a second run of the new plan replaces nothing', async () => {
    const before = (await writesSince(0)).length;
    const applied = await applyResources(context(moreCpu), groupsOf(moreCpu));
    assert.deepEqual(await writesSince(before), []);
    assert.equal(reportOf(applied).summary, '3 unchanged');
  });
});

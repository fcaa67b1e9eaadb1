import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import type { HostHandle } from '../../../local/host/index.js';
import { startHost } from '../../../local/host/index.js';
import { environmentMarks, planIds } from '../../../src/plan/index.js';
import type { ReconcileReport } from '../../../src/reconcile/reconcile.js';
import {
  RECONCILE_ORCHESTRATOR,
  type ReconcileInput,
} from '../../../src/reconcile/reconcile.orchestrator.js';
import { createAppServices } from '../../../src/services.js';
import { parseSpec } from '../../../src/spec/index.js';
import { budgetRun } from '../../fixtures/workflow-app/budget-services.js';
import { adminRequest } from '../../support/admin.js';
import { until } from '../../support/eventually.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { exampleInput } from '../../support/specs.js';
import {
  durableUrl,
  memoryLogger,
  startOrchestration,
  tempDir,
  waitForStatus,
} from '../host/helpers.js';

const appRoot = fileURLToPath(new URL('../../fixtures/workflow-app/', import.meta.url));
const entryPoint = fileURLToPath(
  new URL('../../fixtures/workflow-app/budget-app.ts', import.meta.url),
);
const API = '2025-05-01';
const TIME_SCALE = 0.0001;

const spec = exampleInput('minimal');
const parsed = parseSpec(spec);
assert.ok(parsed.ok);
const environment = parsed.spec.name;
const gatewayId = planIds(parsed.spec).gateway;

/** The environment's gateway as its deployment made it (with its ownership tags), the `app` pool holding `pool`. */
function gatewayBody(pool: string[]) {
  return {
    location: 'westeurope',
    tags: environmentMarks(environment),
    properties: {
      sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 1 },
      backendAddressPools: [
        { name: 'app', properties: { backendAddresses: pool.map((ipAddress) => ({ ipAddress })) } },
      ],
      requestRoutingRules: [
        {
          name: 'rule',
          properties: {
            ruleType: 'Basic',
            priority: 100,
            backendAddressPool: { id: `${gatewayId}/backendAddressPools/app` },
          },
        },
      ],
    },
  };
}

interface Gateway {
  properties: {
    provisioningState: string;
    backendAddressPools: { properties: { backendAddresses: { ipAddress: string }[] } }[];
  };
}

describe('an activity ends within its budget while Azure still works, and the orchestration goes on', () => {
  let emu: EmulatorHandle;
  let host: HostHandle;

  const gateway = async () =>
    (await adminRequest(emu, 'GET', `${gatewayId}?api-version=${API}`)) as unknown as Gateway;
  const appPool = async () =>
    (await gateway()).properties.backendAddressPools[0]?.properties.backendAddresses.map(
      (a) => a.ipAddress,
    );
  const gatewayPuts = async () =>
    (
      (await adminRequest(emu, 'GET', '/_emulator/requests')).value as {
        method: string;
        path: string;
      }[]
    ).filter((r) => r.method === 'PUT' && r.path.toLowerCase() === gatewayId.toLowerCase()).length;
  /** The gateway as another writer left it: the `app` pool holding `pool`, its PUT finished. */
  const arrangeGateway = async (pool: string[]) => {
    await adminRequest(emu, 'PUT', `${gatewayId}?api-version=${API}`, gatewayBody(pool));
    await until(async () => (await gateway()).properties.provisioningState === 'Succeeded');
  };
  const reconcile = (reason: string): ReconcileInput => ({
    environment,
    spec,
    coalesceSeconds: 0,
    reason,
  });

  before(async () => {
    emu = await startEmulator({
      stateDir: tempDir('budget-emulator'),
      timeScale: TIME_SCALE,
      freshSubscription: false,
    });
    await adminRequest(
      emu,
      'PUT',
      `/subscriptions/${parsed.spec.subscriptionId}/resourcegroups/${parsed.spec.resourceGroup}?api-version=2025-04-01`,
      { location: 'westeurope' },
    );
    budgetRun.services = createAppServices(localSettings(emu), emulatorConnection(emu), () => {});
    // SDK packages load on an adapter's first call (src/azure/on-first-use.ts): here, not within
    // the 1 s budget the tests give an activity, which bounds waiting on Azure.
    await budgetRun.services.store(parsed.spec.subscriptionId).get(gatewayId, API);
    host = await startHost({
      appRoot,
      entryPoint,
      port: 0,
      runTimers: false,
      stateDir: tempDir('budget-state'),
      logger: memoryLogger([]),
    });
  });
  after(async () => {
    await host?.stop();
    await emu?.stop();
  });
  beforeEach(() => {
    budgetRun.outcomes.length = 0;
  });

  test('a gateway PUT whose operation outlasts the budget: not ready at the budget, busy while Updating, done once it ended', async () => {
    await arrangeGateway(['192.168.1.4']);
    // The reconcile empties the pool (the environment has no container groups); its PUT's
    // operation then runs for 40 000 s of Azure time, 4 s here, against a budget of 1 s.
    budgetRun.budgetMs = 1_000;
    await adminRequest(emu, 'POST', '/_emulator/faults', {
      scenario: 'slowOperation',
      pathPattern: '/applicationGateways/[^/]+$',
      operationMs: 40_000_000,
    });
    const putsBefore = await gatewayPuts();
    const id = await startOrchestration(host.url, RECONCILE_ORCHESTRATOR, reconcile('budget'));
    const status = await waitForStatus(host.url, id, ['Completed', 'Failed']);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));

    const [first, ...rest] = budgetRun.outcomes;
    assert.equal(first?.outcome.kind, 'not-ready', JSON.stringify(first?.outcome));
    assert.match(
      (first?.outcome as { message: string }).message,
      /^PUT applicationGateways\/agw-contoso-dev is still running after this activity waited its budget of 1 s \(status: https:\/\/127\.0\.0\.1:\d+\/subscriptions\/[^ ]+\/operations\/[\w-]+\); the next run reads where it got to$/,
    );
    const state = (await adminRequest(emu, 'GET', '/_emulator/state')) as {
      operations: { name: string; resourceId: string; status: string; endTime?: string }[];
    };
    const put = state.operations
      .filter((op) => op.resourceId.toLowerCase() === gatewayId.toLowerCase())
      .at(-1);
    assert.equal(put?.status, 'Succeeded');
    assert.ok(
      first && Date.parse(put?.endTime ?? '') > first.at,
      'the activity answered while the operation still ran',
    );
    assert.ok(
      rest.some(
        (r) =>
          r.outcome.kind === 'not-ready' &&
          /is Updating: an operation on it still runs/.test(r.outcome.message),
      ),
      'the next runs found the gateway Updating and waited on Durable timers',
    );
    assert.equal(rest.at(-1)?.outcome.kind, 'done');
    assert.equal(await gatewayPuts(), putsBefore + 1, 'one PUT: none into the running operation');
    assert.deepEqual(await appPool(), []);
  });

  test("a reconcile pass writes nothing while the environment's deployment runs, and writes once it ended", async () => {
    await arrangeGateway(['192.168.1.5']);
    budgetRun.budgetMs = 10 * 60_000;
    const deployment = await startOrchestration(
      host.url,
      'holdEnvironment',
      null,
      `environment-${environment}`,
    );
    await waitForStatus(host.url, deployment, ['Running']);
    const putsBefore = await gatewayPuts();

    const during = await startOrchestration(host.url, RECONCILE_ORCHESTRATOR, reconcile('during'));
    const skipped = await waitForStatus(host.url, during, ['Completed', 'Failed']);
    assert.equal(skipped.runtimeStatus, 'Completed', JSON.stringify(skipped.output));
    assert.match(
      (skipped.output as ReconcileReport).summary,
      /^environment-contoso-dev is running and writes the records and the gateway itself: nothing written$/,
    );
    assert.equal(await gatewayPuts(), putsBefore, 'no gateway PUT while the deployment runs');

    const release = await fetch(
      durableUrl(host.url, `instances/${deployment}/raiseEvent/release`),
      {
        method: 'POST',
        body: '{}',
      },
    );
    assert.equal(release.status, 202);
    await waitForStatus(host.url, deployment, ['Completed']);
    const afterwards = await startOrchestration(
      host.url,
      RECONCILE_ORCHESTRATOR,
      reconcile('after'),
    );
    const wrote = await waitForStatus(host.url, afterwards, ['Completed', 'Failed']);
    assert.deepEqual((wrote.output as ReconcileReport).poolsChanged, ['app']);
    assert.equal(await gatewayPuts(), putsBefore + 1);
  });
});

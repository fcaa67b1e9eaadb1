import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { HostHandle } from '../../../local/host/index.js';
import { startHost } from '../../../local/host/index.js';
import { buildPlan } from '../../../src/plan/index.js';
import { DEPLOY_ORCHESTRATOR } from '../../../src/provisioning/deploy.orchestrator.js';
import { stageGraph } from '../../../src/provisioning/stage-graph.js';
import type { DeployInput, DeploymentProgress } from '../../../src/provisioning/types.js';
import { parseSpec } from '../../../src/spec/index.js';
import { calls, resetScript, script } from '../../fixtures/workflow-app/script.js';
import { memoryLogger, startOrchestration, tempDir, waitForStatus } from '../host/helpers.js';
import { exampleInput } from '../../support/specs.js';

const appRoot = fileURLToPath(new URL('../../fixtures/workflow-app/', import.meta.url));

function deployInput(): DeployInput {
  const spec = exampleInput('minimal');
  const parsed = parseSpec(spec);
  assert.ok(parsed.ok);
  return { environment: 'contoso-dev', spec, graph: stageGraph(buildPlan(parsed.spec)) };
}

const notReady = (message: string, retryAfterMs: number) =>
  ({ kind: 'not-ready', message, retryAfterMs }) as const;

describe('the deployment orchestrator, replayed by the local host', () => {
  let host: HostHandle;

  before(async () => {
    host = await startHost({
      appRoot,
      port: 0,
      runTimers: false,
      stateDir: tempDir('workflow-state'),
      logger: memoryLogger([]),
    });
  });
  after(() => host?.stop());
  beforeEach(() => resetScript());

  async function deploy(input = deployInput()): Promise<{
    runtimeStatus: string;
    output: unknown;
    progress: DeploymentProgress;
    history: Record<string, unknown>[];
  }> {
    const id = await startOrchestration(host.url, DEPLOY_ORCHESTRATOR, input);
    const status = await waitForStatus(host.url, id, ['Completed', 'Failed'], true);
    return {
      runtimeStatus: status.runtimeStatus,
      output: status.output,
      progress: status.customStatus as DeploymentProgress,
      history: status.historyEvents ?? [],
    };
  }

  test("shows the plan's warnings in its progress", async () => {
    const warning = {
      code: 'NatGatewayDisabled' as const,
      field: 'network.natGateway.enabled',
      message: 'no NAT gateway',
    };
    const result = await deploy({ ...deployInput(), warnings: [warning] });
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result.output));
    assert.deepEqual(result.progress.warnings, [warning]);
  });

  test('waits on a Durable timer while a stage is not ready, then runs it again', async () => {
    script(
      'stage-group-dns-records',
      notReady('container groups without an IP yet: app-1', 20),
      notReady('container groups without an IP yet: app-2', 20),
      {
        kind: 'done',
        value: { summary: '2 created', created: 2, updated: 0, unchanged: 0, outputs: {} },
      },
    );
    const result = await deploy();
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result.output));
    assert.equal(calls.filter((c) => c === 'stage-group-dns-records').length, 3);
    assert.equal(result.history.filter((e) => e.EventType === 'TimerCreated').length, 2);
    const records = result.progress.stages['group-dns-records'];
    assert.equal(records?.state, 'succeeded');
    assert.equal(records?.summary, '2 created');
    assert.equal(records?.waitingFor, undefined, 'the wait is over once the stage succeeds');
    assert.ok(
      calls.indexOf('stage-verify') > calls.lastIndexOf('stage-group-dns-records'),
      'verify runs only after the records',
    );
  });

  test('fails a stage still not ready at its deadline, naming what it waited for', async () => {
    script('stage-verify', notReady('the gateway probes find app-1 Unhealthy', 16 * 60_000));
    const result = await deploy();
    assert.equal(result.runtimeStatus, 'Failed');
    assert.match(
      String(result.output),
      /stage verify failed: \[transient\/NotReadyInTime\] stage verify waited 15 minutes and is still not ready: the gateway probes find app-1 Unhealthy/,
    );
    assert.equal(result.progress.stages.verify?.error?.code, 'NotReadyInTime');
  });

  test('fails at the first failed stage, lets running stages finish and skips the dependents', async () => {
    script('stage-database', {
      kind: 'failed',
      failure: { kind: 'validation', code: 'InvalidSku', message: 'the SKU is not offered here' },
    });
    const result = await deploy();
    assert.equal(result.runtimeStatus, 'Failed');
    assert.match(
      String(result.output),
      /stage database failed: \[validation\/InvalidSku\] the SKU is not offered here/,
    );
    const states = Object.fromEntries(
      Object.entries(result.progress.stages).map(([stage, s]) => [stage, s?.state]),
    );
    assert.equal(states.database, 'failed');
    const stages = calls.filter((c) => c.startsWith('stage-'));
    for (const started of new Set(stages.map((c) => c.replace(/^stage-/, ''))))
      if (started !== 'database')
        assert.equal(states[started], 'succeeded', `${started} ran beside it and finished`);
    for (const dependent of [
      'container-groups',
      'group-dns-records',
      'gateway-configuration',
      'prune',
      'verify',
    ])
      assert.equal(states[dependent], 'skipped', dependent);
    assert.ok(!calls.includes('stage-container-groups'));
  });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { HostHandle } from '../../../local/host/index.js';
import { startHost } from '../../../local/host/index.js';
import type { ReconcileReport } from '../../../src/reconcile/reconcile.js';
import {
  CHANGED_EVENT,
  RECONCILE_ORCHESTRATOR,
  type ReconcileInput,
} from '../../../src/reconcile/reconcile.orchestrator.js';
import { reconcileInputs } from '../../fixtures/workflow-app/reconcile-inputs.js';
import { notifyInputs } from '../../fixtures/workflow-app/notify-inputs.js';
import { calls, resetScript, script } from '../../fixtures/workflow-app/script.js';
import {
  durableUrl,
  getStatus,
  memoryLogger,
  startOrchestration,
  tempDir,
  waitFor,
  waitForStatus,
} from '../host/helpers.js';

const appRoot = fileURLToPath(new URL('../../fixtures/workflow-app/', import.meta.url));
const entryPoint = fileURLToPath(
  new URL('../../fixtures/workflow-app/reconcile-app.ts', import.meta.url),
);

const input: ReconcileInput = {
  environment: 'contoso-prod',
  spec: {},
  coalesceSeconds: 0,
  reason: 'restart/action on ci-contoso-prod-app-1',
};
const WAITING = 'waiting for restarting container groups: app-1: no IP yet (state Pending)';
const notReady = (retryAfterMs: number) =>
  ({ kind: 'not-ready', message: WAITING, retryAfterMs }) as const;
const report: ReconcileReport = {
  environment: 'contoso-prod',
  recordChanges: [{ action: 'upsert', recordName: 'app-1', ip: '192.168.1.8', was: '192.168.1.4' }],
  poolsChanged: ['app'],
  addresses: { 'app-1': '192.168.1.8' },
  summary: 'app-1 → 192.168.1.8, pool app updated',
};

describe('the reconcile orchestrator, replayed by the local host', () => {
  let host: HostHandle;

  before(async () => {
    host = await startHost({
      appRoot,
      entryPoint,
      port: 0,
      runTimers: false,
      stateDir: tempDir('reconcile-state'),
      logger: memoryLogger([]),
    });
  });
  after(() => host?.stop());
  beforeEach(() => {
    resetScript();
    reconcileInputs.length = 0;
    notifyInputs.length = 0;
  });
  const passes = () => calls.filter((c) => c === 'reconcile').length;

  test('checks again on Durable timers while a group restarts, then finishes with the pass that wrote', async () => {
    script('reconcile', notReady(20), notReady(20), { kind: 'done', value: report });
    const id = await startOrchestration(host.url, RECONCILE_ORCHESTRATOR, input);
    const status = await waitForStatus(host.url, id, ['Completed', 'Failed'], true);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.deepEqual(status.output, report);
    assert.deepEqual(status.customStatus, {
      reason: input.reason,
      pass: 1,
      summary: report.summary,
    });
    assert.equal(passes(), 3);
    assert.deepEqual(
      notifyInputs.map((i) => (i as { event: { type: string } }).event.type),
      ['environment.healed'],
      'the pass that wrote is announced once; the passes that waited are not',
    );
    assert.deepEqual(
      reconcileInputs.map((i) => (i as { waitForRestarts?: boolean }).waitForRestarts),
      [true, true, true],
      'every check waits for restarting groups: the ten-minute bound is far away',
    );
    const timers = (status.historyEvents ?? []).filter((e) => e.EventType === 'TimerCreated');
    assert.equal(timers.length, 3, 'two waits and the grace period after the pass');
  });

  test('a change signalled while it waits adds no pass: the next check reads everything again', async () => {
    script('reconcile', notReady(1500), { kind: 'done', value: report });
    const id = await startOrchestration(host.url, RECONCILE_ORCHESTRATOR, input);
    await waitFor(async () => {
      const status = await getStatus(host.url, id);
      const custom = status?.customStatus as { waiting?: string } | null | undefined;
      return custom?.waiting === WAITING ? true : undefined;
    }, 'the orchestrator to report that it waits');
    const raised = await fetch(
      durableUrl(host.url, `instances/${id}/raiseEvent/${CHANGED_EVENT}`),
      {
        method: 'POST',
        body: JSON.stringify('stop/action on ci-contoso-prod-app-2'),
      },
    );
    assert.equal(raised.status, 202);
    const status = await waitForStatus(host.url, id, ['Completed', 'Failed']);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.equal(passes(), 2);
  });
  test('fails a pass still not ready past the restart wait and NOT_READY_WAIT, naming what it waited for', async () => {
    // A gateway whose operation never ends: the first check after 26 minutes is past both waits.
    const busy = 'applicationGateways/agw-contoso-prod is Updating: an operation on it still runs';
    script('reconcile', { kind: 'not-ready', message: busy, retryAfterMs: 26 * 60_000 });
    const id = await startOrchestration(host.url, RECONCILE_ORCHESTRATOR, input);
    const status = await waitForStatus(host.url, id, ['Completed', 'Failed']);
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(
      String(status.output),
      /\[transient\/NotReadyInTime\] reconcile pass 1 waited 25 minutes and is still not ready: applicationGateways\/agw-contoso-prod is Updating/,
    );
    assert.equal(calls.length, 1, 'no timer of 26 minutes was ever set, and nothing announced');
  });
});

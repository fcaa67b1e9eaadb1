import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeploymentStatusBody } from '../../../src/provisioning/environments-api.js';
import { deploymentView } from '../../../src/status/deployment-view.js';

const at = (seconds: number) => new Date(Date.UTC(2025, 5, 1, 12, 0, seconds)).toISOString();

function body(patch: Partial<DeploymentStatusBody> = {}): DeploymentStatusBody {
  return {
    environment: 'contoso-prod',
    instanceId: 'environment-contoso-prod',
    runtimeStatus: 'Completed',
    createdTime: at(0),
    lastUpdatedTime: at(40),
    warnings: [],
    stages: [
      { stage: 'network', state: 'succeeded', startedAt: at(0), endedAt: at(10) },
      { stage: 'gateway', state: 'succeeded', startedAt: at(10), endedAt: at(40), summary: 'ok' },
    ],
    ...patch,
  };
}

describe('deployment timeline', () => {
  test('places and sizes each stage’s bar by its times, in percent of the deployment', () => {
    const view = deploymentView(body(), new Date(at(50)));
    assert.equal(view.durationMs, 40_000);
    assert.deepEqual(
      view.stages.map((s) => [s.stage, s.offsetPct, s.widthPct, s.durationMs]),
      [
        ['network', 0, 25, 10_000],
        ['gateway', 25, 75, 30_000],
      ],
    );
    assert.equal(view.active, false);
    assert.equal(view.failedStage, undefined);
  });

  test('measures a running stage and the deployment up to now', () => {
    const view = deploymentView(
      body({
        runtimeStatus: 'Running',
        stages: [
          { stage: 'network', state: 'succeeded', startedAt: at(0), endedAt: at(10) },
          { stage: 'gateway', state: 'running', startedAt: at(10), waitingFor: 'probes' },
          { stage: 'verify', state: 'pending' },
        ],
      }),
      new Date(at(20)),
    );
    assert.equal(view.active, true);
    assert.equal(view.durationMs, 20_000);
    const [, gateway, verify] = view.stages;
    assert.deepEqual(
      [gateway?.durationMs, gateway?.widthPct, gateway?.waitingFor],
      [10_000, 50, 'probes'],
    );
    assert.deepEqual([verify?.durationMs, verify?.widthPct], [undefined, 0]);
  });

  test('names the failed stage and keeps its error and the deployment’s', () => {
    const error = { code: 'Conflict', message: 'the gateway is busy' };
    const view = deploymentView(
      body({
        runtimeStatus: 'Failed',
        error: 'stage gateway failed',
        stages: [
          { stage: 'network', state: 'succeeded', startedAt: at(0), endedAt: at(10) },
          { stage: 'gateway', state: 'failed', startedAt: at(10), endedAt: at(12), error },
        ],
      }),
      new Date(at(50)),
    );
    assert.equal(view.failedStage, 'gateway');
    assert.equal(view.error, 'stage gateway failed');
    assert.deepEqual(view.stages[1]?.error, error);
  });
});

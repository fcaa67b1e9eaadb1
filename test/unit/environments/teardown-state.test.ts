// Whether an environment is being, or has been, torn down, as the workflows that keep it alive
// read it: pure, from its instances.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liveEnvironments } from '../../../src/environments/deployed.js';
import { teardownStateOf, tornDownReason } from '../../../src/environments/teardown-state.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 10, minute));
const instance = (runtimeStatus: string, minute: number) => ({
  runtimeStatus,
  createdTime: at(minute),
});

describe('teardown state', () => {
  test('an environment never torn down is live', () => {
    assert.deepEqual(teardownStateOf('x', undefined, instance('Completed', 0)), { kind: 'none' });
  });

  test('a running teardown marks it, and so does a finished one, failed or not', () => {
    assert.deepEqual(teardownStateOf('x', instance('Running', 5), instance('Completed', 0)), {
      kind: 'running',
      instanceId: 'teardown-x',
    });
    for (const status of ['Completed', 'Failed', 'Terminated'])
      assert.equal(
        teardownStateOf('x', instance(status, 5), instance('Completed', 0)).kind,
        'torn-down',
        status,
      );
  });

  test('a later deployment revives it once it has succeeded, not before', () => {
    const torn = instance('Completed', 5);
    assert.deepEqual(teardownStateOf('x', torn, instance('Completed', 9)), { kind: 'none' });
    assert.deepEqual(teardownStateOf('x', torn, instance('Failed', 9)), {
      kind: 'torn-down',
      instanceId: 'teardown-x',
      runtimeStatus: 'Completed',
      deployedSince: true,
    });
    assert.equal(teardownStateOf('x', torn, instance('Running', 9)).kind, 'torn-down');
  });

  test('says why the workflows leave it alone', () => {
    assert.equal(
      tornDownReason('x', { kind: 'running', instanceId: 'teardown-x' }),
      'environment x is being torn down',
    );
    assert.match(
      tornDownReason('x', {
        kind: 'torn-down',
        instanceId: 'teardown-x',
        runtimeStatus: 'Completed',
        deployedSince: false,
      }) ?? '',
      /^environment x was torn down \(teardown-x Completed\); deploy it again/,
    );
    assert.equal(tornDownReason('x', { kind: 'none' }), undefined);
  });

  test('the timers and the status page see only the environments not torn down', () => {
    const statuses = [
      { instanceId: 'environment-alive', ...instance('Completed', 0) },
      { instanceId: 'environment-gone', ...instance('Completed', 0) },
      { instanceId: 'teardown-gone', ...instance('Completed', 5) },
      { instanceId: 'environment-back', ...instance('Completed', 9) },
      { instanceId: 'teardown-back', ...instance('Completed', 5) },
      { instanceId: 'reconcile-alive', ...instance('Running', 1) },
    ];
    assert.deepEqual(liveEnvironments(statuses as never), ['alive', 'back']);
  });
});

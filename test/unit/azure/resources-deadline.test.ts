// The generic ARM store within an activity's budget: no call past the deadline, no poll beyond it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deadlineAfter, StillRunning } from '../../../src/activity-deadline.js';
import { resourceStore } from '../../../src/azure/resources.js';

const GATEWAY =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/agw-x';
const STATUS =
  'https://management.azure.com/subscriptions/s/providers/Microsoft.Network/locations/westeurope/operations/op-1';

/** A long-running operation that never ends by itself: its polling stops only when aborted. */
function endlessPoller() {
  return {
    pollUntilDone: (options?: { abortSignal?: AbortSignal }) =>
      new Promise<never>((_, reject) => {
        const signal = options?.abortSignal;
        if (!signal) return; // without a deadline it would poll forever
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      }),
    getOperationState: () => ({
      status: 'running',
      config: { operationLocation: `${STATUS}?api-version=2025-05-01` },
    }),
  };
}

/** The SDK surface the store uses, recording what was sent. */
function api(sent: string[]) {
  return {
    getById: (id: string) => {
      sent.push(`GET ${id}`);
      return Promise.resolve({ id });
    },
    beginCreateOrUpdateById: (id: string) => {
      sent.push(`PUT ${id}`);
      return Promise.resolve(endlessPoller());
    },
    beginDeleteById: (id: string) => {
      sent.push(`DELETE ${id}`);
      return Promise.resolve(endlessPoller());
    },
  } as unknown as Parameters<typeof resourceStore>[0];
}

describe('the resource store within an activity budget', () => {
  test('stops polling a PUT at the deadline and says what still runs, with its status URL', async () => {
    const sent: string[] = [];
    const store = resourceStore(api(sent), {}, deadlineAfter(20));
    const error = await store.put(GATEWAY, '2025-05-01', {}).then(
      () => assert.fail('a PUT that never ends cannot succeed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StillRunning, String(error));
    assert.equal(
      error.message,
      `[transient/OperationStillRunning] PUT applicationGateways/agw-x is still running after this activity waited its budget of 0 s (status: ${STATUS}); the next run reads where it got to`,
    );
    assert.deepEqual(sent, [`PUT ${GATEWAY}`]);
  });

  test('stops polling a DELETE at the deadline too', async () => {
    const store = resourceStore(api([]), {}, deadlineAfter(20));
    await assert.rejects(store.delete(GATEWAY, '2025-05-01'), StillRunning);
  });

  test('sends nothing once the deadline has passed', async () => {
    const sent: string[] = [];
    let now = 1_000;
    const deadline = deadlineAfter(60_000, () => now);
    const store = resourceStore(api(sent), {}, deadline);
    assert.deepEqual(await store.get(GATEWAY, '2025-05-01'), { id: GATEWAY });
    now += 60_000;
    await assert.rejects(
      store.get(GATEWAY, '2025-05-01'),
      /\[transient\/OperationStillRunning\] GET applicationGateways\/agw-x not sent: this activity used its budget of 1 minutes/,
    );
    await assert.rejects(store.put(GATEWAY, '2025-05-01', {}), StillRunning);
    await assert.rejects(store.delete(GATEWAY, '2025-05-01'), StillRunning);
    assert.deepEqual(sent, [`GET ${GATEWAY}`], 'one GET, before the deadline');
  });
});

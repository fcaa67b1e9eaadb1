// A resource with an operation still running on it is waited for, never taken for done or re-PUT.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StillRunning } from '../../../src/activity-deadline.js';
import type { ArmResource } from '../../../src/azure/resources.js';
import { applyContext, applyResource } from '../../../src/environments/index.js';
import { examplePlan, only } from '../plan/helpers.js';

const plan = examplePlan('minimal');
const vnet = only(plan, 'Microsoft.Network/virtualNetworks');

/** A store holding the network as ARM shows it in `provisioningState`, recording what is sent. */
function storeWith(provisioningState: string, sent: string[]) {
  const resource: ArmResource = {
    id: vnet.id,
    ...structuredClone(vnet.body),
    properties: { ...(vnet.body.properties as object), provisioningState },
  };
  return {
    get: () => {
      sent.push('GET');
      return Promise.resolve(resource);
    },
    put: () => {
      sent.push('PUT');
      return Promise.resolve(resource);
    },
    delete: () => Promise.reject(new Error('no DELETE expected')),
    list: () => Promise.reject(new Error('no list expected')),
  };
}

describe('applying over an operation that still runs', () => {
  test('answers StillRunning while the provisioningState is not final, sending no PUT', async () => {
    for (const state of ['Updating', 'Creating', 'Accepted', 'Deleting']) {
      const sent: string[] = [];
      await assert.rejects(
        applyResource(applyContext(storeWith(state, sent), plan, {}), vnet),
        (error: unknown) =>
          error instanceof StillRunning &&
          new RegExp(
            `virtualNetworks/vnet-contoso-dev is ${state}: an operation on it still runs`,
          ).test(error.message),
        state,
      );
      assert.deepEqual(sent, ['GET'], state);
    }
  });

  test('goes on once the operation ended: an unchanged body is not written', async () => {
    for (const state of ['Succeeded']) {
      const sent: string[] = [];
      const applied = await applyResource(applyContext(storeWith(state, sent), plan, {}), vnet);
      assert.equal(applied.changed, false, state);
      assert.deepEqual(sent, ['GET'], state);
    }
  });
});

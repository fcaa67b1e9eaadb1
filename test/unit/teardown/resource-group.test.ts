// Whether a teardown deletes the environment's resource group: pure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { environmentMarks } from '../../../src/plan/index.js';
import { resourceGroupVerdict } from '../../../src/teardown/resource-group.js';

const identity = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/theirs',
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
};

describe('resource group verdict', () => {
  test('deletes a group the app created once nothing is left in it', () => {
    assert.deepEqual(resourceGroupVerdict('x', { tags: environmentMarks('x') }, []), {
      delete: true,
    });
  });

  test('keeps a group the operator provided, even empty', () => {
    const verdict = resourceGroupVerdict('x', { tags: { team: 'platform' } }, []);
    assert.equal(verdict.delete, false);
    assert.match(verdict.delete ? '' : verdict.why, /the app did not create it/);
  });

  test("keeps a group another environment's tags mark", () => {
    assert.equal(resourceGroupVerdict('x', { tags: environmentMarks('y') }, []).delete, false);
  });

  test('keeps a group that still holds something, naming it', () => {
    const verdict = resourceGroupVerdict('x', { tags: environmentMarks('x') }, [identity]);
    assert.equal(verdict.delete, false);
    assert.equal(
      verdict.delete ? '' : verdict.why,
      "it still holds 1 resource that is not this environment's or was kept: userAssignedIdentities/theirs (Microsoft.ManagedIdentity/userAssignedIdentities)",
    );
  });
});

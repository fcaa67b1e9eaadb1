import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readEvent } from '../../../src/reconcile/events.js';

const group = (name: string) =>
  `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-contoso-prod/providers/Microsoft.ContainerInstance/containerGroups/${name}`;

function event(
  eventType: string,
  resourceUri: string,
  operationName = 'Microsoft.ContainerInstance/containerGroups/restart/action',
) {
  return {
    id: '1',
    eventType,
    subject: resourceUri,
    eventTime: '2026-11-26T10:00:00Z',
    data: { operationName, resourceUri },
  };
}

describe('reading Event Grid events about container groups', () => {
  test('finds the environment of a restarted app group from its deterministic name', () => {
    assert.deepEqual(
      readEvent(event('Microsoft.Resources.ResourceActionSuccess', group('ci-contoso-prod-app-2'))),
      {
        kind: 'change',
        change: {
          environment: 'contoso-prod',
          containerGroupId: group('ci-contoso-prod-app-2'),
          operation: 'Microsoft.ContainerInstance/containerGroups/restart/action',
        },
      },
    );
  });

  test('finds the environment of a deleted dashboard group, which can no longer be read', () => {
    const reading = readEvent(
      event(
        'Microsoft.Resources.ResourceDeleteSuccess',
        group('ci-contoso-prod-dashboard'),
        'Microsoft.ContainerInstance/containerGroups/delete',
      ),
    );
    assert.equal(reading.kind === 'change' && reading.change.environment, 'contoso-prod');
  });

  test('ignores role assignments scoped to a container group', () => {
    const reading = readEvent(
      event(
        'Microsoft.Resources.ResourceWriteSuccess',
        `${group('ci-contoso-prod-app-1')}/providers/Microsoft.Authorization/roleAssignments/abc`,
      ),
    );
    assert.equal(reading.kind, 'ignored');
  });

  test('ignores container groups this app did not create', () => {
    const reading = readEvent(
      event('Microsoft.Resources.ResourceWriteSuccess', group('my-own-group')),
    );
    assert.deepEqual(reading, {
      kind: 'ignored',
      reason: 'container group my-own-group is not managed by aci-vnet-sidecars',
    });
  });

  test('ignores other event types and malformed events without failing', () => {
    assert.equal(
      readEvent(event('Microsoft.Resources.ResourceWriteFailure', group('ci-contoso-prod-app-1')))
        .kind,
      'ignored',
    );
    assert.equal(readEvent({ hello: 'world' }).kind, 'ignored');
    assert.equal(readEvent(null).kind, 'ignored');
  });
});

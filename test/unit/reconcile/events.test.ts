import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readEvent } from '../../../src/reconcile/events.js';

const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const group = (name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-contoso-prod/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
const placement = { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-contoso-prod' };

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
          ...placement,
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

  test('ignores other event types and calls unreadable events malformed, without failing', () => {
    assert.equal(
      readEvent(event('Microsoft.Resources.ResourceWriteFailure', group('ci-contoso-prod-app-1')))
        .kind,
      'ignored',
    );
    assert.equal(readEvent({ hello: 'world' }).kind, 'malformed');
    assert.equal(readEvent(null).kind, 'malformed');
  });

  test('finds the environment of the twelfth app group and of the longest environment name', () => {
    const longest = 'a23456789-123456789z';
    const cases: [name: string, environment: string][] = [
      ['ci-contoso-prod-app-12', 'contoso-prod'],
      [`ci-${longest}-app-1`, longest],
      ['ci-abc-dashboard', 'abc'],
    ];
    for (const [name, environment] of cases) {
      const reading = readEvent(event('Microsoft.Resources.ResourceWriteSuccess', group(name)));
      assert.equal(reading.kind === 'change' && reading.change.environment, environment, name);
    }
  });

  test('ignores groups whose name only contains the pattern of a managed one', () => {
    for (const name of [
      'backup-ci-contoso-prod-app-1',
      'ci-contoso-prod-app-1-old',
      'ci-contoso-prod-app-x',
      'ci-contoso-prod-web',
      'ci-1contoso-app-1',
      'ci-contoso--app-1',
      'ci-ab-app-1',
      'ci-a23456789-123456789-z-app-1',
    ]) {
      assert.deepEqual(
        readEvent(event('Microsoft.Resources.ResourceWriteSuccess', group(name))),
        { kind: 'ignored', reason: `container group ${name} is not managed by aci-vnet-sidecars` },
        name,
      );
    }
  });

  test('reads an event without data from its subject, naming the event type as the operation', () => {
    const id = group('ci-contoso-prod-app-1');
    assert.deepEqual(
      readEvent({ eventType: 'Microsoft.Resources.ResourceDeleteSuccess', subject: id }),
      {
        kind: 'change',
        change: {
          environment: 'contoso-prod',
          containerGroupId: id,
          ...placement,
          operation: 'Microsoft.Resources.ResourceDeleteSuccess',
        },
      },
    );
  });

  test('takes the resource from data.resourceUri rather than from the subject', () => {
    const reading = readEvent({
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      subject: `${group('ci-contoso-prod-app-1')}/providers/Microsoft.Authorization/roleAssignments/abc`,
      data: { resourceUri: group('ci-contoso-prod-app-1') },
    });
    assert.equal(
      reading.kind === 'change' && reading.change.containerGroupId,
      group('ci-contoso-prod-app-1'),
    );
  });

  test('says why it ignores an event', () => {
    const roleAssignment = `${group('ci-contoso-prod-app-1')}/providers/Microsoft.Authorization/roleAssignments/abc`;
    const url = `https://management.azure.com${group('ci-contoso-prod-app-1')}`;
    for (const [input, reason] of [
      [
        event('Microsoft.Resources.ResourceWriteSuccess', roleAssignment),
        `${roleAssignment} is not a container group`,
      ],
      [event('Microsoft.Resources.ResourceWriteSuccess', url), `${url} is not a container group`],
      [
        event('Microsoft.Resources.ResourceWriteFailure', group('ci-contoso-prod-app-1')),
        'event type Microsoft.Resources.ResourceWriteFailure is not a resource write, delete or action',
      ],
    ] as const) {
      assert.deepEqual(readEvent(input), { kind: 'ignored', reason }, JSON.stringify(input));
    }
  });

  test('says why an event is malformed', () => {
    const notAnEvent =
      'neither an Event Grid event (eventType and subject are required) nor a CloudEvent (specversion)';
    for (const [input, reason] of [
      [
        { ...event('Microsoft.Resources.ResourceWriteSuccess', 'x'), data: { resourceUri: 42 } },
        'data.resourceUri and data.operationName must be strings',
      ],
      [{ subject: group('ci-contoso-prod-app-1') }, notAnEvent],
      [null, 'the event is null, not an object'],
    ] as const) {
      assert.deepEqual(readEvent(input), { kind: 'malformed', reason }, JSON.stringify(input));
    }
  });
});

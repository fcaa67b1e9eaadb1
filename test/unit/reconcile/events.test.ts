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
    const malformed = 'not an Event Grid event (eventType, subject and data are required)';
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
      [
        { ...event('Microsoft.Resources.ResourceWriteSuccess', 'x'), data: { resourceUri: 42 } },
        malformed,
      ],
      [{ subject: group('ci-contoso-prod-app-1') }, malformed],
      [null, malformed],
    ] as const) {
      assert.deepEqual(readEvent(input), { kind: 'ignored', reason }, JSON.stringify(input));
    }
  });
});

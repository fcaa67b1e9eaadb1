import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventLabel, MAX_EVENT_BYTES } from '../../../src/reconcile/events-envelope.js';
import { readEvent } from '../../../src/reconcile/events.js';

const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const group = (name: string, rg = 'resourcegroups') =>
  `/subscriptions/${SUBSCRIPTION}/${rg}/rg-contoso-prod/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
const RESTART = 'Microsoft.ContainerInstance/containerGroups/restart/action';

/** A resource event in the CloudEvents schema, shaped like event-schema-resource-groups.md's. */
function cloudEvent(
  resourceId: string,
  data: unknown = { operationName: RESTART, resourceUri: resourceId },
) {
  return {
    specversion: '1.0',
    id: 'ce-1',
    source: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-contoso-prod`,
    subject: resourceId,
    type: 'Microsoft.Resources.ResourceActionSuccess',
    time: '2026-11-26T10:00:00Z',
    data,
  };
}

function eventGridEvent(resourceId: string, data: unknown) {
  return {
    id: 'eg-1',
    topic: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-contoso-prod`,
    subject: resourceId,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: '2026-11-26T10:00:00Z',
    data,
    dataVersion: '2',
    metadataVersion: '1',
  };
}

const changeOf = (input: unknown) => {
  const reading = readEvent(input);
  assert.equal(reading.kind, 'change', JSON.stringify(reading));
  return reading.kind === 'change' ? reading.change : undefined;
};

describe('reading events in either delivery schema', () => {
  test('reads a restart delivered as a CloudEvent, whose subject is the resource id', () => {
    assert.deepEqual(changeOf(cloudEvent(group('ci-contoso-prod-app-1'))), {
      environment: 'contoso-prod',
      containerGroupId: group('ci-contoso-prod-app-1'),
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg-contoso-prod',
      operation: RESTART,
    });
  });

  test('reads a CloudEvent without data from its subject, its type standing for the operation', () => {
    const { data: _ignored, ...withoutData } = cloudEvent(group('ci-contoso-prod-dashboard'));
    assert.equal(changeOf(withoutData)?.operation, 'Microsoft.Resources.ResourceActionSuccess');
  });

  test('reads data given as the JSON text of an object, in both schemas', () => {
    const data = JSON.stringify({
      operationName: RESTART,
      resourceUri: group('ci-contoso-prod-app-3'),
    });
    assert.equal(changeOf(cloudEvent(group('ci-contoso-prod-app-3'), data))?.operation, RESTART);
    assert.equal(
      changeOf(eventGridEvent(group('ci-contoso-prod-app-3'), data))?.operation,
      RESTART,
    );
  });

  test('reads a write event without httpRequest, which Azure sends only for updates and deletes', () => {
    const data = {
      operationName: 'Microsoft.ContainerInstance/containerGroups/write',
      status: 'Succeeded',
    };
    assert.equal(
      changeOf(cloudEvent(group('ci-contoso-prod-app-1'), data))?.operation,
      'Microsoft.ContainerInstance/containerGroups/write',
    );
  });

  test('reads resource ids in any case, the environment always in lower case', () => {
    const shouting = `/SUBSCRIPTIONS/${SUBSCRIPTION}/RESOURCEGROUPS/RG-CONTOSO-PROD/PROVIDERS/MICROSOFT.CONTAINERINSTANCE/CONTAINERGROUPS/CI-CONTOSO-PROD-APP-2`;
    const change = changeOf(eventGridEvent(shouting, { resourceUri: shouting }));
    assert.equal(change?.environment, 'contoso-prod');
    assert.equal(change?.resourceGroup, 'RG-CONTOSO-PROD');
  });

  test('ignores CloudEvents of other types, naming the type', () => {
    assert.deepEqual(
      readEvent({
        ...cloudEvent(group('ci-contoso-prod-app-1')),
        type: 'Microsoft.Storage.BlobCreated',
      }),
      {
        kind: 'ignored',
        reason:
          'event type Microsoft.Storage.BlobCreated is not a resource write, delete or action',
      },
    );
  });
});

describe('malformed events are reported, never thrown', () => {
  const notCloudEvent =
    'not a CloudEvent 1.0 (specversion "1.0", id, source and type are required, subject is a string)';
  const cases: [what: string, input: unknown, reason: string][] = [
    ['text that is not JSON', '{"eventType": ', 'the event is not JSON'],
    [
      'an array of events',
      [cloudEvent(group('ci-contoso-prod-app-1')), cloudEvent(group('ci-contoso-prod-app-2'))],
      'an array of 2 events where one event was expected',
    ],
    ['a number', 42, 'the event is number, not an object'],
    [
      'an old CloudEvents version',
      { ...cloudEvent(group('ci-contoso-prod-app-1')), specversion: '0.1' },
      notCloudEvent,
    ],
    [
      'a CloudEvent without source',
      { ...cloudEvent(group('ci-contoso-prod-app-1')), source: undefined },
      notCloudEvent,
    ],
    [
      'data that is text but not JSON',
      cloudEvent(group('ci-contoso-prod-app-1'), 'operationName=restart'),
      'data is a string that is not JSON',
    ],
    [
      'data that is a list',
      eventGridEvent(group('ci-contoso-prod-app-1'), [1, 2]),
      'data is neither an object nor the JSON text of one',
    ],
    [
      'a CloudEvent without subject or data.resourceUri',
      { ...cloudEvent(group('ci-contoso-prod-app-1'), {}), subject: undefined },
      'the event names no resource (subject, data.resourceUri)',
    ],
  ];
  for (const [what, input, reason] of cases) {
    test(`says what is wrong with ${what}`, () => {
      assert.deepEqual(readEvent(input), { kind: 'malformed', reason });
    });
  }

  test('refuses an event over Event Grid’s 1 MB limit, and takes one just under it', () => {
    const padded = (bytes: number) => {
      const event = cloudEvent(group('ci-contoso-prod-app-1'), {
        operationName: RESTART,
        note: '',
      });
      const size = Buffer.byteLength(JSON.stringify(event));
      return { ...event, data: { operationName: RESTART, note: 'x'.repeat(bytes - size) } };
    };
    const over = padded(MAX_EVENT_BYTES + 2);
    assert.deepEqual(readEvent(over), {
      kind: 'malformed',
      reason: `the event is ${MAX_EVENT_BYTES + 2} bytes, over Event Grid's limit of ${MAX_EVENT_BYTES} bytes (1 MB)`,
    });
    assert.equal(readEvent(padded(MAX_EVENT_BYTES)).kind, 'change');
    assert.equal(readEvent(JSON.stringify(over)).kind, 'malformed');
    // Bytes of UTF-8 count, not characters: 600,000 of 'é' are 1.2 MB.
    const accented = cloudEvent(group('ci-contoso-prod-app-1'), { note: 'é'.repeat(600_000) });
    assert.equal(readEvent(accented).kind, 'malformed');
  });

  test('calls a cyclic object malformed instead of failing on it', () => {
    const cyclic: Record<string, unknown> = cloudEvent(group('ci-contoso-prod-app-1'));
    cyclic.self = cyclic;
    assert.deepEqual(readEvent(cyclic), {
      kind: 'malformed',
      reason: 'the event cannot be serialised as JSON',
    });
  });
});

describe('labels for log lines', () => {
  test('name the id and type of either schema, and nothing of the payload', () => {
    assert.equal(
      eventLabel(cloudEvent(group('ci-contoso-prod-app-1'))),
      'event ce-1 (Microsoft.Resources.ResourceActionSuccess)',
    );
    assert.equal(
      eventLabel(eventGridEvent(group('x'), { secret: 's3cr3t' })),
      'event eg-1 (Microsoft.Resources.ResourceWriteSuccess)',
    );
    for (const input of [null, 'text', [1], 42]) assert.equal(eventLabel(input), 'event (no id)');
  });

  test('keep the sender’s control characters and long ids out of the log', () => {
    const label = eventLabel({ id: `a\nforged line\u0007${'x'.repeat(200)}`, type: 't' });
    assert.doesNotMatch(label, /\p{Cc}/u);
    assert.ok(label.length < 100, label);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outsideEnvironment } from '../../../src/reconcile/events-scope.js';
import {
  handleContainerGroupEvent,
  type EventTriggerDeps,
} from '../../../src/reconcile/events-trigger.js';

const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const OTHER_SUBSCRIPTION = '99999999-2222-3333-4444-555555555555';
const groupIn = (subscription: string, rg: string, name = 'ci-contoso-prod-app-1') =>
  `/subscriptions/${subscription}/resourcegroups/${rg}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
const spec = {
  name: 'contoso-prod',
  subscriptionId: SUBSCRIPTION,
  resourceGroup: 'rg-contoso-prod',
};

const restart = (resourceId: string, data: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'ce-7',
  source: '/subscriptions/s/resourceGroups/rg',
  subject: resourceId,
  type: 'Microsoft.Resources.ResourceActionSuccess',
  data: {
    operationName: 'Microsoft.ContainerInstance/containerGroups/restart/action',
    resourceUri: resourceId,
    ...data,
  },
});

/** A Durable client whose store holds one finished deployment of contoso-prod. */
function fakeDeps() {
  const started: { name: string; instanceId: string | undefined }[] = [];
  const lines: string[] = [];
  const client: EventTriggerDeps['client'] = {
    getStatus: (instanceId: string) =>
      Promise.resolve(
        (instanceId === 'environment-contoso-prod'
          ? { instanceId, runtimeStatus: 'Completed', input: { environment: 'contoso-prod', spec } }
          : {}) as Awaited<ReturnType<EventTriggerDeps['client']['getStatus']>>,
      ),
    startNew: (name: string, options?: { instanceId?: string }) => {
      started.push({ name, instanceId: options?.instanceId });
      return Promise.resolve(options?.instanceId ?? 'generated');
    },
    raiseEvent: () => Promise.resolve(),
  };
  const deps: EventTriggerDeps = { client, log: (l) => lines.push(l), coalesceSeconds: 0 };
  return { deps, started, lines };
}

describe('the container-group event trigger', () => {
  test('starts the environment’s reconcile for a CloudEvent about one of its groups', async () => {
    const { deps, started, lines } = fakeDeps();
    await handleContainerGroupEvent(
      restart(groupIn(SUBSCRIPTION.toUpperCase(), 'RG-Contoso-Prod')),
      deps,
    );
    assert.deepEqual(started, [
      { name: 'reconcileEnvironment', instanceId: 'reconcile-contoso-prod' },
    ]);
    assert.deepEqual(lines, [
      'event ce-7 (Microsoft.Resources.ResourceActionSuccess) for contoso-prod: reconcile started',
    ]);
  });

  test('ignores a group of the same name in another subscription or resource group, naming both', async () => {
    for (const [subscription, rg] of [
      [OTHER_SUBSCRIPTION, 'rg-contoso-prod'],
      [SUBSCRIPTION, 'rg-contoso-copy'],
    ] as const) {
      const { deps, started, lines } = fakeDeps();
      await handleContainerGroupEvent(restart(groupIn(subscription, rg)), deps);
      assert.deepEqual(started, []);
      assert.deepEqual(lines, [
        `event ce-7 (Microsoft.Resources.ResourceActionSuccess) for contoso-prod: reconcile skipped: the event names subscription ${subscription}, resource group ${rg}, but contoso-prod is deployed in subscription ${SUBSCRIPTION}, resource group rg-contoso-prod`,
      ]);
    }
  });

  test('drops malformed events with a log line and returns normally, so Event Grid does not retry', async () => {
    const oversized = restart(groupIn(SUBSCRIPTION, 'rg-contoso-prod'), {
      pad: 'x'.repeat(1_100_000),
    });
    for (const input of [
      null,
      'not json',
      [restart('/a'), restart('/b')],
      oversized,
      { id: 'e', eventType: 7 },
    ]) {
      const { deps, started, lines } = fakeDeps();
      await handleContainerGroupEvent(input, deps);
      assert.deepEqual(started, []);
      assert.equal(lines.length, 1);
      assert.match(lines[0] ?? '', /^event .* dropped, malformed: /);
    }
  });

  test('logs the event’s id, type and reason, never its payload', async () => {
    const { deps, lines } = fakeDeps();
    const secret = 'SharedAccessSignature sig=s3cr3t';
    await handleContainerGroupEvent({ ...restart('/x'), data: `${secret} is not JSON` }, deps);
    await handleContainerGroupEvent({ ...restart('/x'), claims: secret, type: 'Other.Type' }, deps);
    assert.equal(lines.length, 2);
    for (const line of lines) assert.ok(!line.includes('s3cr3t'), line);
    assert.deepEqual(lines, [
      'event ce-7 (Microsoft.Resources.ResourceActionSuccess) dropped, malformed: data is a string that is not JSON',
      'event ce-7 (Other.Type) ignored: event type Other.Type is not a resource write, delete or action',
    ]);
  });
});

describe('whether an event is about the environment’s own groups', () => {
  const change = {
    environment: 'contoso-prod',
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-contoso-prod',
  };

  test('compares subscription and resource group without case, as ARM does', () => {
    assert.equal(
      outsideEnvironment(change, {
        ...spec,
        subscriptionId: SUBSCRIPTION.toUpperCase(),
        resourceGroup: 'RG-CONTOSO-PROD',
      }),
      undefined,
    );
  });

  test('refuses to attribute an event when the stored spec names no place', () => {
    assert.equal(
      outsideEnvironment(change, {}),
      `the event names subscription ${SUBSCRIPTION}, resource group rg-contoso-prod, and the deployed spec of contoso-prod names no subscription and resource group to compare with`,
    );
  });
});

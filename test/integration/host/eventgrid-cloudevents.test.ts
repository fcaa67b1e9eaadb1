// CloudEvents deliveries to the local host's Event Grid webhook, handled by the app's real event
// reading and reconcile request (test/fixtures/workflow-app/events-app.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { HostHandle } from '../../../local/host/index.js';
import { startHost } from '../../../local/host/index.js';
import {
  getStatus,
  masterKey,
  memoryLogger,
  startOrchestration,
  tempDir,
  waitFor,
  waitForStatus,
} from './helpers.js';

const appRoot = fileURLToPath(new URL('../../fixtures/workflow-app/', import.meta.url));
const entryPoint = fileURLToPath(
  new URL('../../fixtures/workflow-app/events-app.ts', import.meta.url),
);
const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const group = (name: string, rg = 'rg-contoso-prod') =>
  `/subscriptions/${SUBSCRIPTION}/resourcegroups/${rg}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;

/** A restart in the CloudEvents schema (event-schema-resource-groups.md, "Cloud event schema"). */
const restart = (id: string, resourceId: string, data: unknown = undefined) => ({
  specversion: '1.0',
  id,
  source: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-contoso-prod`,
  subject: resourceId,
  type: 'Microsoft.Resources.ResourceActionSuccess',
  time: '2026-11-26T10:00:00Z',
  data: data ?? {
    operationName: 'Microsoft.ContainerInstance/containerGroups/restart/action',
    resourceUri: resourceId,
    status: 'Succeeded',
  },
});

let host: HostHandle;
const lines: string[] = [];
const webhook = () =>
  `${host.url}/runtime/webhooks/eventgrid?functionName=onContainerGroupEvent&code=${masterKey}`;
const deliver = (body: unknown, contentType = 'application/cloudevents+json; charset=utf-8') =>
  fetch(webhook(), {
    method: 'POST',
    headers: { 'content-type': contentType, 'aeg-event-type': 'Notification' },
    body: JSON.stringify(body),
  });
const logged = (pattern: RegExp) =>
  waitFor(() => lines.find((l) => pattern.test(l)), `a log line matching ${pattern}`, 20_000);

before(async () => {
  host = await startHost({
    appRoot,
    entryPoint,
    port: 0,
    runTimers: false,
    stateDir: tempDir('eventgrid-cloudevents'),
    logger: memoryLogger(lines),
  });
  const spec = {
    name: 'contoso-prod',
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'rg-contoso-prod',
  };
  const id = await startOrchestration(
    host.url,
    'recordDeployment',
    { environment: 'contoso-prod', spec },
    'environment-contoso-prod',
  );
  await waitForStatus(host.url, id, ['Completed']);
});
after(() => host?.stop());

describe('CloudEvents on the local host’s Event Grid webhook', () => {
  test('answers the abuse-protection handshake with the requesting origin', async () => {
    const res = await fetch(webhook(), {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('webhook-allowed-origin'), 'eventgrid.azure.net');
    assert.equal(res.headers.get('webhook-allowed-rate'), '*');
    assert.match(res.headers.get('allow') ?? '', /POST/);
    const bare = await fetch(webhook(), { method: 'OPTIONS' });
    assert.equal(bare.status, 400);
    assert.equal(bare.headers.get('webhook-allowed-origin'), null, 'no consent without an origin');
  });

  test('a restart delivered as a CloudEvent starts the environment’s reconcile', async () => {
    const res = await deliver(restart('ce-1', group('ci-contoso-prod-app-1')));
    assert.equal(res.status, 200);
    const status = await waitFor(
      () => getStatus(host.url, 'reconcile-contoso-prod'),
      'the reconcile instance',
      20_000,
    );
    assert.equal(
      (status.input as { reason?: string }).reason,
      'Microsoft.ContainerInstance/containerGroups/restart/action on ci-contoso-prod-app-1',
    );
    await logged(
      /event ce-1 \(Microsoft\.Resources\.ResourceActionSuccess\) for contoso-prod: reconcile (started|signalled)/,
    );
  });

  test('a batch invokes the function per event; a group of another resource group is skipped', async () => {
    const res = await deliver(
      [
        restart('ce-2', group('ci-contoso-prod-app-2')),
        restart('ce-3', group('ci-contoso-prod-app-1', 'rg-copy')),
      ],
      'application/cloudevents-batch+json; charset=utf-8',
    );
    assert.equal(res.status, 200);
    await logged(
      /event ce-3 .* reconcile skipped: the event names .*resource group rg-copy, but contoso-prod is deployed in .*resource group rg-contoso-prod/,
    );
  });

  test('malformed and oversized events are answered 200 and dropped: Event Grid has nothing to retry', async () => {
    const malformed = restart('ce-4', group('ci-contoso-prod-app-1'), 'not { json');
    const oversized = restart('ce-5', group('ci-contoso-prod-app-1'), {
      pad: 'x'.repeat(1_100_000),
    });
    for (const event of [malformed, oversized]) {
      const res = await deliver(event);
      assert.equal(res.status, 200, event.id);
    }
    await logged(/event ce-4 .* dropped, malformed: data is a string that is not JSON$/);
    await logged(
      /event ce-5 .* dropped, malformed: the event is \d+ bytes, over Event Grid's limit/,
    );
  });

  test('a body that is no CloudEvent gets a 400, which Event Grid does not retry', async () => {
    const { source: _omitted, ...withoutSource } = restart('ce-6', group('ci-contoso-prod-app-1'));
    const cases: [unknown, RegExp][] = [
      [withoutSource, /CloudEvent 0: "source" must be a non-empty string/],
      [{ ...withoutSource, source: '/s', specversion: '0.3' }, /"specversion" must be "1.0"/],
      [[], /no events/],
    ];
    for (const [body, message] of cases) {
      const res = await deliver(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(await res.text(), message);
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FixtureHost } from './helpers.js';
import { masterKey, startFixtureHost } from './helpers.js';

let fx: FixtureHost;
before(async () => {
  fx = await startFixtureHost();
});
after(() => fx.host.stop());

const webhook = (name = 'onResourceEvent', key = masterKey) =>
  `${fx.url}/runtime/webhooks/eventgrid?functionName=${name}&code=${key}`;
const post = (body: string, url = webhook(), headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const restartEvent = (id: string, subject: string) => ({
  id,
  topic: '/subscriptions/s/resourceGroups/rg',
  subject,
  eventType: 'Microsoft.Resources.ResourceActionSuccess',
  eventTime: '2026-11-26T10:00:00Z',
  data: { operationName: 'Microsoft.ContainerInstance/containerGroups/restart/action' },
  dataVersion: '2',
  metadataVersion: '1',
});

describe('Event Grid webhook on the local host', () => {
  test('answers the subscription validation handshake with the validation code', async () => {
    const res = await post(
      JSON.stringify([
        {
          id: 'v1',
          subject: 'validation',
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          eventTime: '2026-11-26T10:00:00Z',
          data: { validationCode: 'code-123' },
          dataVersion: '2',
        },
      ]),
      webhook(),
      { 'aeg-event-type': 'SubscriptionValidation' },
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { validationResponse: 'code-123' });
  });

  test('invokes the function once per event in the array', async () => {
    const res = await post(
      JSON.stringify([restartEvent('e1', '/cg/api-1'), restartEvent('e2', '/cg/api-2')]),
    );
    assert.equal(res.status, 200);
    const received = fx.records('eventgrid') as { id: string; subject: string }[];
    assert.deepEqual(
      received.map((e) => e.id),
      ['e1', 'e2'],
    );
    assert.equal(received[0]?.subject, '/cg/api-1');
  });

  test('malformed bodies get a 400 naming the problem and the host keeps serving', async () => {
    const cases: [string, RegExp][] = [
      ['{not json', /not valid JSON/],
      [JSON.stringify(restartEvent('x', '/s')), /JSON array/],
      ['[]', /no events/],
      [
        JSON.stringify([{ id: 'x', subject: '/s', eventTime: '2026-11-26T10:00:00Z' }]),
        /Event 0: "eventType"/,
      ],
      [JSON.stringify([{ ...restartEvent('x', '/s'), eventTime: 'yesterday' }]), /not a date/],
      [JSON.stringify(['text']), /Event 0: not an object/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, body);
      assert.match(await res.text(), message);
    }
    assert.equal((await fetch(`${fx.url}/api/hello/still-up`)).status, 200);
  });

  test('a failing invocation answers 500 so that Event Grid retries the delivery', async () => {
    const res = await post(JSON.stringify([restartEvent('f1', '/cg/fail')]));
    assert.equal(res.status, 500);
    assert.ok(
      fx.lines.some((l) =>
        /Functions\.onResourceEvent' \(Failed.*cannot handle \/cg\/fail$/.test(l),
      ),
    );
  });

  test('an unknown function name is a 404 and a missing key a 401', async () => {
    assert.equal((await post('[]', webhook('nope'))).status, 404);
    assert.equal((await post('[]', webhook('onResourceEvent', 'wrong'))).status, 401);
  });
});

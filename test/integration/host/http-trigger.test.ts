import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FixtureHost } from './helpers.js';
import { functionKey, masterKey, startFixtureHost } from './helpers.js';

let fx: FixtureHost;
before(async () => {
  fx = await startFixtureHost();
});
after(() => fx.host.stop());

const call = (path: string, init?: RequestInit) => fetch(`${fx.url}${path}`, init);

describe('HTTP triggers on the local host', () => {
  test('serves a declared route under the host.json prefix with route parameters and query', async () => {
    const res = await call('/api/hello/ada?punct=!');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-fixture'), 'hello');
    // FIXTURE_GREETING comes from local.settings.sample.json, read like Core Tools reads settings.
    assert.equal(await res.text(), 'Hello, ada!');
  });

  test('does not serve a route outside the prefix or with an undeclared method', async () => {
    assert.equal((await call('/hello/ada')).status, 404);
    assert.equal((await call('/api/hello/ada', { method: 'POST' })).status, 404);
  });

  test('a function-level route refuses a request without a key', async () => {
    assert.equal((await call('/api/items/1')).status, 401);
    assert.equal((await call('/api/items/1?code=wrong')).status, 401);
  });

  test('a function-level route accepts the function key in the header or as code, and the master key', async () => {
    const byHeader = await call('/api/items/7', { headers: { 'x-functions-key': functionKey } });
    assert.deepEqual(await byHeader.json(), { id: '7', method: 'GET', body: null });
    assert.equal((await call(`/api/items?code=${functionKey}`)).status, 200);
    assert.equal((await call(`/api/items/1?code=${masterKey}`)).status, 200);
  });

  test('maps the request body and the status of the response through @azure/functions', async () => {
    const res = await call(`/api/items?code=${functionKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    assert.equal(res.status, 201);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await res.json(), { id: null, method: 'POST', body: { name: 'x' } });
  });

  test('a literal route is preferred over a parameter route', async () => {
    assert.deepEqual(await (await call('/api/items/report')).json(), { report: true });
  });

  test('an admin-level route needs the master key', async () => {
    assert.equal((await call(`/api/admin-only?code=${functionKey}`)).status, 401);
    assert.equal((await call(`/api/admin-only?code=${masterKey}`)).status, 200);
  });

  test('a handler that throws answers 500 and logs one failure line with the message only', async () => {
    assert.equal((await call('/api/boom')).status, 500);
    const line = fx.lines.find((l) => l.startsWith("Executed 'Functions.boom'"));
    assert.match(
      line ?? '',
      /^Executed 'Functions\.boom' \(Failed, Id=[0-9a-f-]{36}, Duration=\d+ms\) boom failed on purpose$/,
    );
  });

  test('each invocation writes one log line with name, id, duration and outcome', async () => {
    const before = fx.lines.length;
    await call('/api/hello/log');
    const added = fx.lines.slice(before);
    assert.equal(added.length, 1);
    assert.match(
      added[0] ?? '',
      /^Executed 'Functions\.hello' \(Succeeded, Id=[0-9a-f-]{36}, Duration=\d+ms\)$/,
    );
  });

  test('the admin listing shows every registered function with its trigger', async () => {
    const res = await call(`/admin/functions?code=${masterKey}`);
    const list = (await res.json()) as { name: string; trigger: string }[];
    const triggers = new Map(list.map((f) => [f.name, f.trigger]));
    assert.equal(triggers.get('hello'), 'httpTrigger');
    assert.equal(triggers.get('sequence'), 'orchestrationTrigger');
    assert.equal(triggers.get('onResourceEvent'), 'eventGridTrigger');
    assert.equal((await call('/admin/functions')).status, 401);
  });
});

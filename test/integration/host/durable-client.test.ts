import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FixtureHost, StatusDoc } from './helpers.js';
import {
  durableUrl,
  getStatus,
  masterKey,
  startFixtureHost,
  startOrchestration,
  waitFor,
  waitForStatus,
} from './helpers.js';

let fx: FixtureHost;
before(async () => {
  fx = await startFixtureHost();
});
after(() => fx.host.stop());

const api = (path: string, init?: RequestInit) => fetch(`${fx.url}/api/${path}`, init);

describe('durable client through df.getClient() and the HTTP API', () => {
  test('startNew + createCheckStatusResponse answer 202 with management URLs on this host', async () => {
    const res = await api('orchestrators/sequence/client-1', {
      method: 'POST',
      body: JSON.stringify({ count: 1 }),
    });
    assert.equal(res.status, 202);
    const body = (await res.json()) as Record<string, string>;
    assert.equal(body.id, 'client-1');
    assert.equal(res.headers.get('location'), body.statusQueryGetUri);
    for (const key of [
      'statusQueryGetUri',
      'sendEventPostUri',
      'terminatePostUri',
      'purgeHistoryDeleteUri',
    ]) {
      assert.ok(
        body[key]?.startsWith(`${fx.url}/runtime/webhooks/durabletask/instances/client-1`),
        key,
      );
    }
    const status = await waitFor(async () => {
      const r = await fetch(body.statusQueryGetUri ?? '');
      return r.status === 200 ? ((await r.json()) as StatusDoc) : undefined;
    }, 'client-1 to complete');
    assert.deepEqual([status.runtimeStatus, status.output], ['Completed', [0]]);
  });

  test('getStatus returns the status document through the client', async () => {
    await waitForStatus(fx.url, 'client-1', ['Completed']);
    const res = await api('instances/client-1');
    const status = (await res.json()) as StatusDoc;
    assert.deepEqual(
      [status.name, status.instanceId, status.runtimeStatus],
      ['sequence', 'client-1', 'Completed'],
    );
  });

  test('the status API answers 202 while running, with the custom status', async () => {
    const id = await startOrchestration(fx.url, 'approval', { timeoutMs: 60_000 });
    const res = await waitFor(async () => {
      const r = await fetch(durableUrl(fx.url, `instances/${id}`));
      const s = (await r.json()) as StatusDoc;
      return s.customStatus ? { r, s } : undefined;
    }, 'the custom status');
    assert.equal(res.r.status, 202);
    assert.deepEqual(
      [res.s.runtimeStatus, res.s.customStatus],
      ['Running', 'waiting for approval'],
    );
    await fetch(durableUrl(fx.url, `instances/${id}/terminate`, '&reason=cleanup'), {
      method: 'POST',
    });
  });

  test('raiseEvent delivers an external event to waitForExternalEvent', async () => {
    const id = await startOrchestration(fx.url, 'approval', { timeoutMs: 60_000 });
    await waitForStatus(fx.url, id, ['Running']);
    const res = await api(`instances/${id}/approve`, {
      method: 'POST',
      body: JSON.stringify('grace'),
    });
    assert.equal(res.status, 202);
    const s = await waitForStatus(fx.url, id, ['Completed']);
    assert.deepEqual(s.output, { approvedBy: 'grace' });
  });

  test('terminate stops a running instance with the reason as output', async () => {
    const id = await startOrchestration(fx.url, 'approval', { timeoutMs: 60_000 });
    await waitForStatus(fx.url, id, ['Running']);
    assert.equal((await api(`instances/${id}/terminate`, { method: 'POST' })).status, 202);
    const s = await waitForStatus(fx.url, id, ['Terminated']);
    assert.equal(s.output, 'stopped by test');
    const again = await fetch(durableUrl(fx.url, `instances/${id}/terminate`), { method: 'POST' });
    assert.equal(again.status, 410);
  });

  test('purgeInstanceHistory deletes a finished instance', async () => {
    await waitForStatus(fx.url, 'client-1', ['Completed']);
    const res = await api('instances/client-1/purge', { method: 'DELETE' });
    assert.deepEqual(await res.json(), { instancesDeleted: 1 });
    assert.equal(await getStatus(fx.url, 'client-1'), undefined);
  });

  test('unknown instances are 404 for status, events and terminate', async () => {
    assert.equal((await fetch(durableUrl(fx.url, 'instances/none'))).status, 404);
    const raise = await fetch(durableUrl(fx.url, 'instances/none/raiseEvent/x'), {
      method: 'POST',
      body: '1',
    });
    assert.equal(raise.status, 404);
    assert.equal(
      (await fetch(durableUrl(fx.url, 'instances/none/terminate'), { method: 'POST' })).status,
      404,
    );
  });

  test('starting an id that is still running is a conflict', async () => {
    const id = await startOrchestration(fx.url, 'approval', { timeoutMs: 60_000 }, 'twice');
    await assert.rejects(() => startOrchestration(fx.url, 'approval', { timeoutMs: 1 }, id), /409/);
    await fetch(durableUrl(fx.url, `instances/${id}/terminate`), { method: 'POST' });
  });

  test('getStatusAll lists every instance, without inputs', async () => {
    const id = await startOrchestration(fx.url, 'fanOut', { count: 2 });
    await waitForStatus(fx.url, id, ['Completed']);
    const list = (await (await api('instances')).json()) as StatusDoc[];
    const listed = list.find((s) => s.instanceId === id);
    assert.deepEqual(
      [listed?.name, listed?.runtimeStatus, listed?.input, listed?.output],
      ['fanOut', 'Completed', null, 1],
    );
  });

  test('API operations the app does not use answer 501 naming them, not 404', async () => {
    const cases: [string, string, string][] = [
      ['POST', 'entities/counter/k', 'Durable entities (signalEntity, readEntityState)'],
      ['GET', 'entities/counter/k', 'Durable entities (signalEntity, readEntityState)'],
      ['DELETE', 'instances', 'purgeInstanceHistoryBy'],
      ['GET', 'instances?runtimeStatus=Completed', 'getStatusBy filters'],
      ['POST', 'instances/x/suspend', 'suspend'],
      ['POST', 'instances/x/resume', 'resume'],
      ['POST', 'instances/x/rewind', 'rewind'],
      ['POST', 'instances/x/restart', 'restart'],
    ];
    for (const [method, path, what] of cases) {
      const [route, query = ''] = path.split('?');
      const res = await fetch(durableUrl(fx.url, route ?? '', query && `&${query}`), { method });
      assert.deepEqual(
        [res.status, await res.text()],
        [501, `The local host does not support ${what}.`],
        `${method} ${path}`,
      );
    }
  });

  test('the durable webhooks need the master key', async () => {
    const res = await fetch(
      `${fx.url}/runtime/webhooks/durabletask/instances/x?code=wrong${masterKey}`,
    );
    assert.equal(res.status, 401);
  });
});

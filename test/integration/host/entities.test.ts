import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FixtureHost } from './helpers.js';
import {
  durableUrl,
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

const readCounter = async (key: string): Promise<number | undefined> => {
  const res = await fetch(`${fx.url}/api/entities/counter/${key}`);
  return res.status === 200 ? ((await res.json()) as number) : undefined;
};

describe('durable entities on the local host', () => {
  test('an orchestration calls and signals an entity, in order, and sees operation failures', async () => {
    const id = await startOrchestration(fx.url, 'usesEntity', 'orch');
    const s = await waitForStatus(fx.url, id, ['Completed', 'Failed']);
    assert.deepEqual(s.output, { afterAdd: 5, afterSignal: 6, exploded: true });
    assert.equal(await readCounter('orch'), 6);
  });

  test('the client signals an entity and reads its state', async () => {
    assert.equal(await readCounter('client'), undefined);
    const res = await fetch(`${fx.url}/api/entities/counter/client?op=add`, {
      method: 'POST',
      body: '3',
    });
    assert.equal(res.status, 202);
    assert.equal(await waitFor(() => readCounter('client'), 'the signal to apply'), 3);
  });

  test('an entity signals another entity', async () => {
    await fetch(`${fx.url}/api/entities/counter/src?op=add`, { method: 'POST', body: '4' });
    await fetch(`${fx.url}/api/entities/counter/src?op=mirror`, { method: 'POST', body: 'null' });
    assert.equal(await waitFor(() => readCounter('src-mirror'), 'the mirrored signal'), 4);
  });

  test('the entity HTTP API refuses unknown entities', async () => {
    const res = await fetch(durableUrl(fx.url, 'entities/nope/x', '&op=add'), {
      method: 'POST',
      body: '1',
    });
    assert.equal(res.status, 404);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  accessBars,
  accessSnapshot,
  MAX_BARS,
  type AccessSnapshot,
} from '../../../images/dash/src/access-chart.js';
import { createDashboardApp } from '../../../images/dash/src/app.js';
import { cached } from '../../../images/dash/src/cached.js';
import type { GroupStatus } from '../../../images/dash/src/group-status.js';
import { eventReader } from '../../support/event-stream.js';
import { clock, group, memoryDatabase } from './dash-fakes.js';

const APP_1 = group('ci-contoso-app-1', '192.168.1.4');
const APP_2 = group('ci-contoso-app-2', '192.168.1.5');

function dashboard(groups: GroupStatus[] = [APP_1, APP_2]) {
  const time = clock();
  const table = memoryDatabase(time.now);
  const logged: string[] = [];
  let armReads = 0;
  const app = createDashboardApp({
    environment: 'contoso',
    readGroups: () => {
      armReads += 1;
      return Promise.resolve(groups);
    },
    now: time.now,
    database: table.database,
    liveIntervalMs: 5,
    log: (line) => logged.push(line),
  });
  const get = (path: string) => app.fetch(new Request(`http://dash${path}`));
  return { app, time, table, logged, get, armReads: () => armReads };
}

describe('dashboard image: accesses per source IP', () => {
  test('counts accesses per source IP, most first, labelled by the group ARM says owns the IP', () => {
    const bars = accessBars(
      [
        { sourceIp: '192.168.1.5', containerGroup: 'ci-contoso-app-2', count: 2 },
        { sourceIp: '192.168.1.4', containerGroup: 'ci-contoso-app-1', count: 7 },
      ],
      [APP_1, APP_2],
    );
    assert.deepEqual(bars, [
      { sourceIp: '192.168.1.4', count: 7, containerGroup: 'ci-contoso-app-1', labelFrom: 'arm' },
      { sourceIp: '192.168.1.5', count: 2, containerGroup: 'ci-contoso-app-2', labelFrom: 'arm' },
    ]);
  });

  test('labels an IP no group holds now with the group names its rows carry, and adds up one IP', () => {
    // app-1 restarted onto .9: its old IP .4 served app-1, then (reused) app-3.
    const bars = accessBars(
      [
        { sourceIp: '192.168.1.4', containerGroup: 'ci-contoso-app-1', count: 3 },
        { sourceIp: '192.168.1.4', containerGroup: 'ci-contoso-app-3', count: 5 },
      ],
      [group('ci-contoso-app-1', '192.168.1.9')],
    );
    assert.deepEqual(bars, [
      {
        sourceIp: '192.168.1.4',
        count: 8,
        containerGroup: 'ci-contoso-app-3, ci-contoso-app-1',
        labelFrom: 'access-log',
      },
    ]);
  });

  test('orders equal counts by address and keeps the window it was asked for', () => {
    const snapshot = accessSnapshot({
      counts: [
        { sourceIp: '10.0.0.10', containerGroup: 'b', count: 1 },
        { sourceIp: '10.0.0.9', containerGroup: 'a', count: 1 },
      ],
      groups: [],
      at: new Date('2026-11-26T10:05:00Z'),
      windowSeconds: 300,
    });
    assert.deepEqual(
      snapshot.bars.map((b) => b.sourceIp),
      ['10.0.0.9', '10.0.0.10'],
    );
    assert.equal(snapshot.since, '2026-11-26T10:00:00.000Z');
    assert.equal(snapshot.total, 2);
  });

  test('draws at most MAX_BARS bars and counts the other sources', () => {
    const counts = Array.from({ length: MAX_BARS + 3 }, (_, i) => ({
      sourceIp: `10.0.1.${i}`,
      containerGroup: 'g',
      count: 100 - i,
    }));
    const snapshot = accessSnapshot({ counts, groups: [], at: new Date(0) });
    assert.equal(snapshot.bars.length, MAX_BARS);
    assert.equal(snapshot.otherSources, 3);
    assert.equal(
      snapshot.total,
      counts.reduce((s, c) => s + c.count, 0),
    );
  });
});

describe('dashboard image: the access feed', () => {
  test('serves the accesses of the last five minutes per source IP at /api/accesses', async () => {
    const { get, table, time } = dashboard();
    table.recordFrom('192.168.1.4', 'ci-contoso-app-1', 4);
    time.advance(6 * 60_000);
    table.recordFrom('192.168.1.4', 'ci-contoso-app-1', 2);
    table.recordFrom('192.168.1.5', 'ci-contoso-app-2', 3);
    const response = await get('/api/accesses');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = (await response.json()) as AccessSnapshot;
    assert.deepEqual(
      body.bars.map((b) => [b.containerGroup, b.sourceIp, b.count]),
      [
        ['ci-contoso-app-2', '192.168.1.5', 3],
        ['ci-contoso-app-1', '192.168.1.4', 2],
      ],
    );
    assert.deepEqual(
      [body.windowSeconds, body.total, body.at, body.since],
      [300, 5, '2026-11-26T10:06:00.000Z', '2026-11-26T10:01:00.000Z'],
    );
  });

  test('answers 503 with a generic reason when the table cannot be read, and logs the reason', async () => {
    const { get, table, logged } = dashboard();
    table.failWith(
      new Error('PostgreSQL 127.0.0.1:5432/appdb: permission denied for table access_log'),
    );
    const response = await get('/api/accesses');
    assert.equal(response.status, 503);
    const body = (await response.json()) as { error: string };
    assert.equal(
      body.error,
      'the access table could not be read; the details are in the dashboard log',
    );
    assert.doesNotMatch(JSON.stringify(body), /5432|access_log|permission/);
    assert.equal(logged.length, 1);
    assert.match(logged[0] ?? '', /reading the access table failed: .*permission denied/);
  });

  test('says no database is configured when it has none', async () => {
    const app = createDashboardApp({
      environment: 'e',
      readGroups: () => Promise.resolve([]),
      now: () => new Date(0),
    });
    const response = await app.fetch(new Request('http://dash/api/accesses'));
    assert.equal(response.status, 503);
    assert.match(((await response.json()) as { error: string }).error, /no database is configured/);
  });

  test('streams the chart at once, then the next accesses within one interval', async () => {
    const { get, table, time } = dashboard();
    table.recordFrom('192.168.1.4', 'ci-contoso-app-1', 2);
    const response = await get('/api/accesses/stream');
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    const events = eventReader(response.body);
    try {
      const first = await events.next();
      assert.equal(first.event, 'accesses');
      assert.deepEqual(
        (first.data as AccessSnapshot).bars.map((b) => [b.sourceIp, b.count]),
        [['192.168.1.4', 2]],
      );
      assert.deepEqual(await events.next(), {
        event: 'groups',
        data: { at: '2026-11-26T10:00:00.000Z', groups: [APP_1, APP_2] },
      });
      table.recordFrom('192.168.1.5', 'ci-contoso-app-2', 3);
      time.advance(1000);
      const next = (await events.until('accesses', (d) => (d as AccessSnapshot).bars.length === 2))
        .data as AccessSnapshot;
      assert.deepEqual(
        next.bars.map((b) => [b.containerGroup, b.sourceIp, b.count]),
        [
          ['ci-contoso-app-2', '192.168.1.5', 3],
          ['ci-contoso-app-1', '192.168.1.4', 2],
        ],
      );
    } finally {
      await events.cancel();
    }
  });

  test('tells the stream the browser reconnects after one interval', async () => {
    const { get } = dashboard();
    const response = await get('/api/accesses/stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    const first = new TextDecoder().decode(value);
    await reader.cancel();
    assert.match(first, /^retry: 5\n\n/);
  });

  test('sends the groups again only when they change', async () => {
    const groups = [APP_1];
    const { get, time } = dashboard(groups);
    const events = eventReader((await get('/api/accesses/stream')).body);
    try {
      const names: string[] = [];
      while (names.filter((n) => n === 'accesses').length < 3) {
        names.push((await events.next()).event);
        time.advance(400);
      }
      assert.deepEqual(names, ['accesses', 'groups', 'accesses', 'accesses']);
    } finally {
      await events.cancel();
    }
  });

  test('streams an unavailable event while the table cannot be read, then the chart again', async () => {
    const { get, table, time } = dashboard();
    table.failWith(new Error('connection refused'));
    const events = eventReader((await get('/api/accesses/stream')).body);
    try {
      assert.deepEqual(await events.next(), {
        event: 'unavailable',
        data: { error: 'the access table could not be read; the details are in the dashboard log' },
      });
      table.failWith(undefined);
      time.advance(1000);
      assert.equal((await events.nextOf('accesses')).event, 'accesses');
    } finally {
      await events.cancel();
    }
  });

  test('reads the table once per half interval and ARM once per 15 s, however many pages are open', async () => {
    const { get, table, armReads } = dashboard();
    const streams = await Promise.all([1, 2, 3].map(() => get('/api/accesses/stream')));
    const readers = streams.map((s) => eventReader(s.body));
    try {
      await Promise.all(readers.map((r) => r.nextOf('accesses')));
      await Promise.all([get('/'), get('/api/accesses'), get('/groups.json')]);
      assert.equal(table.calls.accessCounts, 1);
      assert.equal(armReads(), 1);
    } finally {
      await Promise.all(readers.map((r) => r.cancel()));
    }
  });

  test('answers HEAD on the stream with its headers and no body', async () => {
    const { app } = dashboard();
    const response = await app.fetch(
      new Request('http://dash/api/accesses/stream', { method: 'HEAD' }),
    );
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.body, null);
  });
});

describe('dashboard image: cached reads', () => {
  test('shares a read in flight, keeps it for the TTL, and drops a failed one', async () => {
    const time = clock();
    let reads = 0;
    let fail = false;
    const read = cached(
      () => {
        reads += 1;
        return fail ? Promise.reject(new Error('down')) : Promise.resolve(reads);
      },
      1000,
      time.now,
    );
    assert.deepEqual(await Promise.all([read(), read()]), [1, 1]);
    time.advance(999);
    assert.equal(await read(), 1);
    time.advance(1);
    fail = true;
    await assert.rejects(read(), /down/);
    fail = false;
    assert.equal(await read(), 3);
  });

  test('lets the value choose its TTL', async () => {
    const time = clock();
    let reads = 0;
    const read = cached(
      () => Promise.resolve(++reads),
      (n) => (n === 1 ? 10 : 1000),
      time.now,
    );
    assert.equal(await read(), 1);
    time.advance(10);
    assert.equal(await read(), 2);
    time.advance(10);
    assert.equal(await read(), 2);
  });
});

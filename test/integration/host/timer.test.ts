import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FixtureHost } from './helpers.js';
import { masterKey, startFixtureHost, tempDir } from './helpers.js';

interface TimerRecord {
  readonly name: string;
  readonly isPastDue: boolean;
  readonly next?: string;
}

const now = new Date('2026-11-26T10:02:30Z');
let fx: FixtureHost;

before(async () => {
  // The last run of everyFiveMinutes expected a run at 10:00, before "now": the host was down.
  const stateDir = tempDir('timer-state');
  mkdirSync(join(stateDir, 'timers'), { recursive: true });
  const missed = {
    last: '2026-11-26T09:55:00.000Z',
    next: '2026-11-26T10:00:00.000Z',
    lastUpdated: '2026-11-26T09:55:00.000Z',
  };
  writeFileSync(join(stateDir, 'timers', 'everyFiveMinutes.json'), JSON.stringify(missed));
  fx = await startFixtureHost({ stateDir, runTimers: true, clock: { now: () => now } });
});
after(() => fx.host.stop());

const timerRecords = () => fx.records('timer') as TimerRecord[];

describe('timer triggers on the local host', () => {
  test('runs a runOnStartup timer once when the host starts', () => {
    assert.deepEqual(
      timerRecords().filter((r) => r.name === 'atStartup'),
      [{ name: 'atStartup', isPastDue: false }],
    );
  });

  test('runs an occurrence missed while the host was down once, with isPastDue', () => {
    const runs = timerRecords().filter((r) => r.name === 'everyFiveMinutes');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.isPastDue, true);
    assert.equal(runs[0]?.next, '2026-11-26T10:05:00.000Z');
  });

  test('keeps the next occurrence of each timer under the state dir', () => {
    const status = JSON.parse(
      readFileSync(join(fx.stateDir, 'timers', 'everyFiveMinutes.json'), 'utf8'),
    ) as {
      last: string;
      next: string;
    };
    assert.deepEqual(
      [status.last, status.next],
      ['2026-11-26T10:02:30.000Z', '2026-11-26T10:05:00.000Z'],
    );
  });

  test('POST /admin/functions/NAME fires a timer now, like the Functions host', async () => {
    const before = timerRecords().length;
    const res = await fetch(`${fx.url}/admin/functions/everyFiveMinutes?code=${masterKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: '' }),
    });
    assert.equal(res.status, 202);
    assert.deepEqual(timerRecords().slice(before), [
      { name: 'everyFiveMinutes', isPastDue: false, next: '2026-11-26T10:05:00.000Z' },
    ]);
  });

  test('the admin route needs the master key and refuses unknown or HTTP functions', async () => {
    const post = (name: string, key = masterKey) =>
      fetch(`${fx.url}/admin/functions/${name}?code=${key}`, { method: 'POST', body: '{}' });
    assert.equal((await post('everyFiveMinutes', 'wrong')).status, 401);
    assert.equal((await post('nope')).status, 404);
    assert.equal((await post('hello')).status, 400);
  });
});

import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { EventType, historyEvent } from '../../../local/host/durable/history-events.js';
import type { HistoryEvent } from '../../../local/host/durable/history-events.js';
import { foldRecords, HistoryStore } from '../../../local/host/durable/history-store.js';
import type { StoreRecord } from '../../../local/host/durable/history-store.js';
import { pendingJobs } from '../../../local/host/durable/pending-work.js';
import { retryDelay } from '../../../local/host/durable/retry.js';
import { tempDir } from './helpers.js';

const t0 = new Date('2026-11-26T10:00:00Z');
const start = (input: string): StoreRecord => ({
  k: 'msg',
  id: 0,
  event: historyEvent.executionStarted(t0, {
    name: 'sequence',
    input,
    instanceId: 'i1',
    executionId: 'e1',
  }),
});
const episode = (events: HistoryEvent[], consumed: number[]): StoreRecord => ({
  k: 'episode',
  consumed,
  events,
  status: 'Running',
  customStatus: null,
  output: null,
  at: t0.toISOString(),
});

describe('durable history store', () => {
  test('a new instance is Pending with its start message in the inbox', () => {
    const s = foldRecords('i1', [start('1')]);
    assert.equal(s.status, 'Pending');
    assert.equal(s.name, 'sequence');
    assert.equal(s.inbox.length, 1);
  });

  test('an episode moves consumed messages into the history', () => {
    const first = start('1') as StoreRecord & { k: 'msg' };
    const s = foldRecords('i1', [
      first,
      episode(
        [
          historyEvent.orchestratorStarted(t0),
          first.event,
          historyEvent.taskScheduled(t0, 0, 'a', 'null'),
        ],
        [0],
      ),
      { k: 'msg', id: 1, event: historyEvent.taskCompleted(t0, 0, '5') },
    ]);
    assert.equal(s.status, 'Running');
    assert.deepEqual(
      s.history.map((e) => e.EventType),
      [EventType.OrchestratorStarted, EventType.ExecutionStarted, EventType.TaskScheduled],
    );
    assert.deepEqual(
      s.inbox.map((m) => m.id),
      [1],
    );
    assert.equal(s.nextMessageId, 2);
  });

  test('scheduled work without a recorded completion is pending after a restart', () => {
    const first = start('1') as StoreRecord & { k: 'msg' };
    const s = foldRecords('i1', [
      first,
      episode(
        [
          historyEvent.orchestratorStarted(t0),
          first.event,
          historyEvent.taskScheduled(t0, 0, 'a', '1'),
          historyEvent.taskScheduled(t0, 1, 'b', '2'),
          historyEvent.timerCreated(t0, 2, t0),
        ],
        [0],
      ),
      { k: 'msg', id: 1, event: historyEvent.taskCompleted(t0, 0, '5') },
    ]);
    assert.deepEqual(
      pendingJobs(s).map((j) => [j.type, j.id]),
      [
        ['activity', 1],
        ['timer', 2],
      ],
    );
  });

  test('a line torn by a crash is dropped and cut before the next append', () => {
    const store = new HistoryStore(tempDir('store'));
    store.create('a:b', start('1'));
    appendFileSync(store.file('a:b'), '{"k":"msg","id":1,"ev');
    assert.equal(store.load('a:b')?.inbox.length, 1);
    store.repair('a:b');
    store.append('a:b', { k: 'msg', id: 1, event: historyEvent.eventRaised(t0, 'x', 'null') });
    assert.equal(store.load('a:b')?.inbox.length, 2);
    assert.ok(readFileSync(store.file('a:b'), 'utf8').endsWith('\n'));
    assert.deepEqual(store.instanceIds(), ['a:b']);
  });

  test('a corrupt line in the middle is reported with the file and line', () => {
    const store = new HistoryStore(tempDir('store'));
    store.create('x', start('1'));
    appendFileSync(store.file('x'), 'not json\n{"k":"msg","id":1,"event":{}}\n');
    assert.throws(() => store.load('x'), /line 2 is corrupt/);
  });
});

describe('retry backoff', () => {
  const options = {
    firstRetryIntervalInMilliseconds: 100,
    maxNumberOfAttempts: 5,
    backoffCoefficient: 2,
  };

  test('the delay doubles with each failed attempt', () => {
    assert.deepEqual(
      [1, 2, 3].map((n) => retryDelay(options, n, 0).delayMs),
      [100, 200, 400],
    );
  });

  test('the delay is capped by maxRetryIntervalInMilliseconds', () => {
    assert.equal(
      retryDelay({ ...options, maxRetryIntervalInMilliseconds: 250 }, 3, 0).delayMs,
      250,
    );
  });

  test('past the retry timeout no further attempt runs', () => {
    assert.deepEqual(retryDelay({ ...options, retryTimeoutInMilliseconds: 1000 }, 2, 1000), {
      delayMs: 0,
      keepTrying: false,
    });
  });
});

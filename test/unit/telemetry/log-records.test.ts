import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { telemetrySink } from '../../../src/telemetry/export.js';
import {
  currentLogScope,
  logRecord,
  scopedSink,
  withLogScope,
  type LogScope,
} from '../../../src/telemetry/log-scope.js';

const AT = new Date('2026-12-01T10:00:00.000Z');

describe('structured log records', () => {
  test('carry the time, level, message and only the scope fields that are known', () => {
    assert.deepEqual(logRecord('hello', undefined, AT), {
      time: '2026-12-01T10:00:00.000Z',
      level: 'info',
      message: 'hello',
    });
    assert.deepEqual(
      logRecord('hello', { environment: 'contoso-prod', stage: 'network', instanceId: 'i-1' }, AT),
      {
        time: '2026-12-01T10:00:00.000Z',
        level: 'info',
        message: 'hello',
        environment: 'contoso-prod',
        stage: 'network',
        instanceId: 'i-1',
      },
    );
  });

  test('a scoped sink adds its scope to each line, and a line keeps its own fields', () => {
    const seen: [string, LogScope | undefined][] = [];
    const sink = scopedSink((line, scope) => seen.push([line, scope]), {
      environment: 'contoso-prod',
      instanceId: 'i-1',
      stage: 'reconcile',
    });
    sink('a');
    sink('b', { stage: 'gateway' });
    assert.deepEqual(seen, [
      ['a', { environment: 'contoso-prod', instanceId: 'i-1', stage: 'reconcile' }],
      ['b', { environment: 'contoso-prod', instanceId: 'i-1', stage: 'gateway' }],
    ]);
  });

  test('the app sink prints one JSON object per line, with the scope of the work running', async () => {
    const printed: string[] = [];
    const log = telemetrySink(
      (line) => printed.push(line),
      () => AT,
    );
    log('outside');
    await withLogScope({ environment: 'contoso-prod', instanceId: 'i-1' }, async () => {
      await withLogScope({ stage: 'network' }, async () => {
        await Promise.resolve();
        // Deep in the work, as the HTTP pipeline's retry line is: no scope of its own.
        log('retrying PUT in 1000 ms');
        log('its own stage wins', { stage: 'gateway' });
      });
      assert.deepEqual(currentLogScope(), { environment: 'contoso-prod', instanceId: 'i-1' });
    });
    assert.deepEqual(currentLogScope(), {});
    const records = printed.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(printed.length, 3);
    assert.ok(printed.every((line) => !line.includes('\n')));
    assert.deepEqual(records[0], { time: AT.toISOString(), level: 'info', message: 'outside' });
    assert.deepEqual(
      [records[1]?.environment, records[1]?.stage, records[1]?.instanceId],
      ['contoso-prod', 'network', 'i-1'],
    );
    assert.equal(records[2]?.stage, 'gateway');
  });
});

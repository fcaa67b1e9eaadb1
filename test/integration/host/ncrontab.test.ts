import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextOccurrence, parseSchedule } from '../../../local/host/ncrontab.js';
import { resolveSetting } from '../../../local/host/timer-trigger.js';

const at = (iso: string) => new Date(iso);
const next = (expr: string, after: string) =>
  nextOccurrence(parseSchedule(expr), at(after)).toISOString();

describe('NCRONTAB schedules', () => {
  test('every five minutes fires on the next multiple of five minutes', () => {
    assert.equal(next('0 */5 * * * *', '2026-11-26T10:02:30Z'), '2026-11-26T10:05:00.000Z');
    assert.equal(next('0 */5 * * * *', '2026-11-26T10:05:00Z'), '2026-11-26T10:10:00.000Z');
  });

  test('a daily schedule at 03:00 rolls over to the next day', () => {
    assert.equal(next('0 0 3 * * *', '2026-11-26T10:00:00Z'), '2026-11-27T03:00:00.000Z');
  });

  test('ranges, lists and day names restrict the days', () => {
    // 2026-11-26 is a Thursday; the next Monday-or-Wednesday 09:30 is Monday the 30th.
    assert.equal(next('0 30 9 * * Mon,Wed', '2026-11-26T10:00:00Z'), '2026-11-30T09:30:00.000Z');
    assert.equal(next('0 0 9-17/4 * * 1-5', '2026-11-26T10:00:00Z'), '2026-11-26T13:00:00.000Z');
  });

  test('month names and day-of-month pick the right date across a year boundary', () => {
    assert.equal(next('0 0 0 1 Jan *', '2026-11-26T10:00:00Z'), '2027-01-01T00:00:00.000Z');
  });

  test('seconds are honoured', () => {
    assert.equal(next('*/15 * * * * *', '2026-11-26T10:00:07Z'), '2026-11-26T10:00:15.000Z');
  });

  test('a TimeSpan schedule means every interval', () => {
    assert.equal(next('00:10:00', '2026-11-26T10:00:07Z'), '2026-11-26T10:10:07.000Z');
  });

  test('a five-field cron expression is rejected with the expected shape', () => {
    assert.throws(() => parseSchedule('*/5 * * * *'), /six fields/);
  });

  test('out-of-range values are rejected', () => {
    assert.throws(() => parseSchedule('0 61 * * * *'), /outside 0-59/);
    assert.throws(() => parseSchedule('0 0 * * * funday'), /not a number/);
  });

  test('a %SETTING% schedule is read from the app settings', () => {
    assert.equal(resolveSetting('%RECONCILE%', { RECONCILE: '0 */5 * * * *' }), '0 */5 * * * *');
    assert.throws(() => resolveSetting('%MISSING%', {}), /MISSING is not set/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decideRetry,
  retryAfterMs,
  type AttemptOutcome,
} from '../../../src/azure/retry-decision.js';

const settings = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };
const headers =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    values[name];
const decide = (outcome: Partial<AttemptOutcome>, random = () => 0.5) =>
  decideRetry({ retryCount: 0, ...outcome }, settings, random);

describe('retry decisions', () => {
  test('waits as long as Retry-After says when ARM throttles', () => {
    assert.deepEqual(decide({ status: 429, headers: headers({ 'retry-after': '7' }) }), {
      retry: true,
      delayMs: 7000,
      reason: 'throttled (429)',
    });
  });

  test('prefers the millisecond retry-after headers to the seconds one', () => {
    const decision = decide({
      status: 429,
      headers: headers({ 'retry-after-ms': '250', 'retry-after': '9' }),
    });
    assert.deepEqual(decision, { retry: true, delayMs: 250, reason: 'throttled (429)' });
  });

  test('reads Retry-After given as an HTTP date', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    assert.equal(
      retryAfterMs(headers({ 'retry-after': 'Thu, 26 Nov 2026 10:00:12 GMT' }), now),
      12_000,
    );
  });

  test('never waits longer than the maximum delay, whatever the server asks', () => {
    const decision = decide({ status: 429, headers: headers({ 'retry-after': '3600' }) });
    assert.deepEqual(decision, { retry: true, delayMs: 30_000, reason: 'throttled (429)' });
  });

  test('retries a 409 that means another operation is still running', () => {
    const decision = decide({ status: 409, errorCode: 'AnotherOperationInProgress' });
    assert.equal(decision.retry, true);
  });

  test('does not retry a 409 that means the request conflicts with what exists', () => {
    assert.deepEqual(decide({ status: 409, errorCode: 'RoleAssignmentExists' }), { retry: false });
  });

  test('fails validation errors at once', () => {
    for (const status of [400, 401, 403, 404, 412]) {
      assert.deepEqual(
        decide({ status, errorCode: 'InvalidRequestContent' }),
        { retry: false },
        `status ${status}`,
      );
    }
  });

  test('retries server errors except those that cannot change', () => {
    for (const status of [500, 502, 503, 504])
      assert.equal(decide({ status }).retry, true, `status ${status}`);
    for (const status of [501, 505])
      assert.equal(decide({ status }).retry, false, `status ${status}`);
  });

  test('retries dropped connections but not unknown client errors', () => {
    assert.equal(decide({ networkErrorCode: 'ECONNRESET' }).retry, true);
    assert.equal(decide({ networkErrorCode: 'ERR_INVALID_URL' }).retry, false);
  });

  test('backs off exponentially with jitter between half and all of the cap', () => {
    const delays = [0, 1, 2].map((retryCount) => {
      const low = decideRetry({ retryCount, status: 503 }, settings, () => 0);
      const high = decideRetry({ retryCount, status: 503 }, settings, () => 1);
      assert.ok(low.retry && high.retry);
      return [low.delayMs, high.delayMs];
    });
    assert.deepEqual(delays, [
      [500, 1000],
      [1000, 2000],
      [2000, 4000],
    ]);
  });

  test('stops after the maximum number of retries', () => {
    assert.deepEqual(
      decideRetry({ retryCount: 3, status: 503 }, settings, () => 0.5),
      { retry: false },
    );
  });

  test('reads the x-ms-retry-after-ms header too', () => {
    assert.equal(
      retryAfterMs(headers({ 'x-ms-retry-after-ms': '1500', 'retry-after': '9' })),
      1500,
    );
  });

  test('retries at once when the server asks for 0 ms, rather than backing off', () => {
    const decision = decide({
      status: 429,
      headers: headers({ 'retry-after-ms': '0', 'retry-after': '5' }),
    });
    assert.deepEqual(decision, { retry: true, delayMs: 0, reason: 'throttled (429)' });
  });

  test('skips a millisecond header that is negative or not a finite number', () => {
    for (const value of ['-1', 'Infinity', 'soon']) {
      const decision = decide({
        status: 429,
        headers: headers({ 'retry-after-ms': value, 'retry-after': '2' }),
      });
      assert.deepEqual(decision, { retry: true, delayMs: 2000, reason: 'throttled (429)' }, value);
    }
  });

  test('reads Retry-After: 0 as seconds, never as a date, whatever the clock says', () => {
    // V8's Date.parse reads '0' as 1 January 2000.
    for (const now of [0, Date.parse('2026-11-26T10:00:00Z')])
      assert.equal(retryAfterMs(headers({ 'retry-after': '0' }), now), 0, `now ${now}`);
  });

  test('backs off on its own when Retry-After is neither seconds nor a date', () => {
    for (const value of ['Infinity', 'soon']) {
      const decision = decide({ status: 429, headers: headers({ 'retry-after': value }) });
      assert.deepEqual(decision, { retry: true, delayMs: 750, reason: 'throttled (429)' }, value);
    }
  });

  test('never waits a negative time, whatever Retry-After says', () => {
    const decision = decide({ status: 429, headers: headers({ 'retry-after': '-3' }) });
    assert.ok(decision.retry && decision.delayMs >= 0, JSON.stringify(decision));
  });

  test('says why it retries: throttling, a busy resource, a server error or a dropped connection', () => {
    const cases: [Partial<AttemptOutcome>, string][] = [
      [{ status: 429 }, 'throttled (429)'],
      [
        { status: 409, errorCode: 'AnotherOperationInProgress' },
        'AnotherOperationInProgress (409)',
      ],
      [{ status: 409, errorCode: 'Conflict' }, 'Conflict (409)'],
      [{ status: 503 }, 'server error (503)'],
      [{ networkErrorCode: 'ECONNRESET' }, 'network error ECONNRESET'],
    ];
    for (const [outcome, reason] of cases)
      assert.deepEqual(decide(outcome), { retry: true, delayMs: 750, reason }, reason);
  });

  test('retries every way a connection can fail before an answer', () => {
    for (const code of [
      'ECONNRESET',
      'ECONNREFUSED',
      'ETIMEDOUT',
      'EPIPE',
      'EAI_AGAIN',
      'REQUEST_SEND_ERROR',
    ])
      assert.equal(decide({ networkErrorCode: code }).retry, true, code);
  });
});

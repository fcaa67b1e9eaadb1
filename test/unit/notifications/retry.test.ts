import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  backoffMs,
  deliveryDecision,
  retryAfterMs,
  type AttemptOutcome,
} from '../../../src/notifications/retry.js';
import { NOTIFY_DELIVERY, notifyDelivery } from '../../../src/retry-policies.js';

const NOW = Date.parse('2026-12-01T15:00:00Z');
const decide = (outcome: AttemptOutcome, attempt = 1, elapsedMs = 0) =>
  deliveryDecision(outcome, attempt, elapsedMs, NOW, NOTIFY_DELIVERY);

describe('whether to send a notification again', () => {
  test('a 2xx answer delivered it', () => {
    for (const status of [200, 202, 204])
      assert.deepEqual(decide({ status }), { kind: 'delivered' });
  });

  test('429, 408, a 5xx and a dropped connection are tried again after the backoff', () => {
    assert.deepEqual(decide({ status: 429 }), {
      kind: 'retry',
      delayMs: 2_000,
      reason: 'throttled (429)',
    });
    assert.deepEqual(decide({ status: 408 }, 2), {
      kind: 'retry',
      delayMs: 4_000,
      reason: 'request timeout (408)',
    });
    assert.deepEqual(decide({ status: 503 }, 3), {
      kind: 'retry',
      delayMs: 8_000,
      reason: 'server error (503)',
    });
    assert.deepEqual(decide({ networkError: 'network error ECONNRESET' }, 4), {
      kind: 'retry',
      delayMs: 16_000,
      reason: 'network error ECONNRESET',
    });
  });

  test("the server's Retry-After replaces the backoff, in seconds or as a date", () => {
    assert.deepEqual(decide({ status: 429, retryAfter: '7' }), {
      kind: 'retry',
      delayMs: 7_000,
      reason: 'throttled (429)',
    });
    const date = new Date(NOW + 3_000).toUTCString();
    assert.equal((decide({ status: 503, retryAfter: date }) as { delayMs: number }).delayMs, 3_000);
  });

  test('a refusal is final: 400, 403, 404, 410, 501 and a redirect', () => {
    assert.deepEqual(decide({ status: 400, body: 'invalid_payload' }), {
      kind: 'give-up',
      reason: 'refused (400 invalid_payload)',
    });
    assert.deepEqual(
      decide({ status: 404, body: '<html>Not found: /workflows/abc?sig=x</html>' }),
      {
        kind: 'give-up',
        reason: 'refused (404)',
      },
      'a body that is not a short code is not repeated: it could quote the URL',
    );
    for (const status of [403, 410, 501, 505])
      assert.equal(decide({ status }).kind, 'give-up', String(status));
    assert.match(
      (decide({ status: 302 }) as { reason: string }).reason,
      /^redirected \(302\): set the webhook's final URL/,
    );
  });

  test("the classic Teams webhook's throttling, a success status with HTTP error 429 in its body, is retried", () => {
    const throttled = decide({
      status: 200,
      body: 'Microsoft Teams endpoint returned HTTP error 429 with ContextId …',
    });
    assert.deepEqual(throttled, {
      kind: 'retry',
      delayMs: 2_000,
      reason: 'throttled (Teams: HTTP error 429)',
    });
  });

  test('gives up after the last attempt, and before a wait that would pass the bound', () => {
    assert.deepEqual(decide({ status: 500 }, 6), {
      kind: 'give-up',
      reason: 'server error (500) on each of 6 attempts',
    });
    assert.deepEqual(decide({ status: 429, retryAfter: '120' }, 1, 1_000), {
      kind: 'give-up',
      reason:
        'throttled (429) after 1 attempts in 1 s; waiting 120 s more would pass the 60 s bound',
    });
    assert.equal(decide({ status: 500 }, 5, 50_000).kind, 'give-up', '50 s + 16 s > 60 s');
  });

  test('Retry-After: delay-seconds or an HTTP date; anything else is ignored', () => {
    assert.equal(retryAfterMs('0', NOW), 0);
    assert.equal(retryAfterMs(' 30 ', NOW), 30_000);
    assert.equal(retryAfterMs(new Date(NOW - 5_000).toUTCString(), NOW), 0);
    assert.equal(retryAfterMs('soon', NOW), undefined);
    assert.equal(retryAfterMs(null, NOW), undefined);
    assert.equal(retryAfterMs('', NOW), undefined);
  });

  test('backoff doubles from the first delay up to the cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((a) => backoffMs(a, NOTIFY_DELIVERY)),
      [2_000, 4_000, 8_000, 16_000, 16_000, 16_000],
    );
  });

  test('the whole delivery stays within a minute in Azure, and scales with a local run', () => {
    let waited = 0;
    for (let attempt = 1; attempt < NOTIFY_DELIVERY.attempts; attempt++)
      waited += backoffMs(attempt, NOTIFY_DELIVERY);
    assert.equal(waited, 46_000);
    assert.ok(waited < NOTIFY_DELIVERY.totalMs);
    assert.equal(notifyDelivery(undefined), NOTIFY_DELIVERY);
    assert.deepEqual(notifyDelivery(10), {
      ...NOTIFY_DELIVERY,
      firstDelayMs: 100,
      maxDelayMs: 800,
      totalMs: 3_000,
    });
  });
});

/**
 * When to retry an Azure call, as a pure function: the pipeline policy in retry-policy.ts feeds it
 * what came back and sleeps for the answer. Which outcomes are transient is decided once, by
 * `classifyHttp` in src/errors.ts; this file decides only how long to wait.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 */

import { transientReason } from '../errors.js';
import type { HttpRetry } from '../retry-policies.js';

/** The numbers and their reasons live with every other retry policy, in src/retry-policies.ts. */
export type RetrySettings = HttpRetry;

export interface AttemptOutcome {
  /** Retries already made (0 after the first attempt). */
  retryCount: number;
  status?: number;
  /** `error.code` of an ARM or Key Vault error body. */
  errorCode?: string;
  /** Headers as received; only the retry-after family is read. */
  headers?: (name: string) => string | undefined;
  /** A network failure (ECONNRESET, ETIMEDOUT, …) instead of a response. */
  networkErrorCode?: string;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; reason: string };

export function decideRetry(
  outcome: AttemptOutcome,
  settings: RetrySettings,
  random: () => number,
): RetryDecision {
  if (outcome.retryCount >= settings.maxRetries) return { retry: false };
  const reason = transientReason({
    status: outcome.status,
    code: outcome.errorCode,
    networkCode: outcome.networkErrorCode,
  });
  if (!reason) return { retry: false };
  const serverDelay = retryAfterMs(outcome.headers);
  if (serverDelay !== undefined)
    return { retry: true, delayMs: Math.min(serverDelay, settings.maxDelayMs), reason };
  return { retry: true, delayMs: backoffMs(outcome.retryCount, settings, random), reason };
}

/**
 * Equal jitter: half of an exponentially growing cap, plus a random part of the other half, so
 * retries of many callers spread out but none retries at once.
 */
function backoffMs(retryCount: number, settings: RetrySettings, random: () => number): number {
  const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retryCount);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(
  headers: AttemptOutcome['headers'],
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    // A missing header reads as NaN, so it fails the finite test like any other unusable value.
    const value = Number(headers(name));
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers('retry-after');
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

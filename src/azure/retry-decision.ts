/**
 * When to retry an Azure call, as a pure function: the pipeline policy in retry-policy.ts feeds it
 * what came back and sleeps for the answer.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 */

export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxRetries: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};

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

/** 409 codes that mean "busy, try later", not "your request conflicts with what exists". */
const RETRIABLE_CONFLICT_CODES = new Set(['anotheroperationinprogress', 'conflict']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'REQUEST_SEND_ERROR',
]);

export function decideRetry(
  outcome: AttemptOutcome,
  settings: RetrySettings,
  random: () => number,
): RetryDecision {
  if (outcome.retryCount >= settings.maxRetries) return { retry: false };
  const reason = retryReason(outcome);
  if (!reason) return { retry: false };
  const serverDelay = retryAfterMs(outcome.headers);
  if (serverDelay !== undefined)
    return { retry: true, delayMs: Math.min(serverDelay, settings.maxDelayMs), reason };
  return { retry: true, delayMs: backoffMs(outcome.retryCount, settings, random), reason };
}

function retryReason(outcome: AttemptOutcome): string | undefined {
  if (outcome.networkErrorCode) {
    return NETWORK_CODES.has(outcome.networkErrorCode)
      ? `network error ${outcome.networkErrorCode}`
      : undefined;
  }
  const status = outcome.status ?? 0;
  if (status === 429) return 'throttled (429)';
  if (status === 409 && RETRIABLE_CONFLICT_CODES.has((outcome.errorCode ?? '').toLowerCase())) {
    return `${outcome.errorCode} (409)`;
  }
  // 501 Not Implemented and 505 HTTP Version Not Supported will not change on retry.
  if (status >= 500 && status !== 501 && status !== 505) return `server error (${status})`;
  return undefined;
}

/** Full jitter: a random delay up to an exponentially growing cap. */
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
    const value = Number(headers(name));
    if (headers(name) !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers('retry-after');
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Whether one webhook request delivered the notification, and if not whether to try again and
 * when. Pure: the time since the first request and `now` are passed in. A webhook receiver is
 * not ARM, so this is its own rule rather than `classifyHttp`: 408 is worth another try here, and
 * every network failure is (the receiver is one host the operator chose; it comes back or not).
 */

import type { NotifyDelivery } from '../retry-policies.js';

/** What came back from one request: a response (its start, for the codes it may hold), or none. */
export type AttemptOutcome =
  { status: number; retryAfter?: string | null; body?: string } | { networkError: string };

export type DeliveryDecision =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'give-up'; reason: string };

/**
 * The classic Teams incoming webhook (Microsoft 365 connectors) answers throttling with a success
 * status and this text in the body: "Connectors do not throw 429s"
 * (learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using,
 * "Rate limiting for connectors").
 */
const TEAMS_THROTTLED = /HTTP error 429/;

/** Slack answers a refused payload with a short code (`invalid_payload`, `no_service`): safe to show. */
const SLACK_CODE = /^[a-z_]{1,40}$/;

type Response = Extract<AttemptOutcome, { status: number }>;

/** Why a response is worth another request; undefined when it is not. */
function transientStatus(outcome: Response): string | undefined {
  const { status } = outcome;
  if (status >= 200 && status < 300)
    return TEAMS_THROTTLED.test(outcome.body ?? '')
      ? 'throttled (Teams: HTTP error 429)'
      : undefined;
  if (status === 429) return 'throttled (429)';
  if (status === 408) return 'request timeout (408)';
  // 501 Not Implemented and 505 HTTP Version Not Supported will not change on retry.
  if (status >= 500 && status !== 501 && status !== 505) return `server error (${status})`;
  return undefined;
}

/** Why a response refuses the notification for good. */
function refusal(status: number, body: string | undefined): string {
  const code = body?.trim() ?? '';
  const detail = SLACK_CODE.test(code) ? ` ${code}` : '';
  if (status >= 300 && status < 400)
    return `redirected (${status}): set the webhook's final URL, the app follows no redirect`;
  return `refused (${status}${detail})`;
}

/**
 * Milliseconds a Retry-After header asks for: delay-seconds or an HTTP date (RFC 9110 §10.2.3);
 * undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait after failed attempt `attempt` (1-based): doubling from `firstDelayMs`, capped. */
export function backoffMs(attempt: number, policy: NotifyDelivery): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attempt - 1));
}

/**
 * What to do after attempt `attempt` (1-based), `elapsedMs` after the first one started: stop on
 * success or refusal; otherwise wait the server's Retry-After, or the backoff, unless that would
 * use the last attempt or go past the policy's bound.
 */
export function deliveryDecision(
  outcome: AttemptOutcome,
  attempt: number,
  elapsedMs: number,
  now: number,
  policy: NotifyDelivery,
): DeliveryDecision {
  let reason: string;
  if ('networkError' in outcome) reason = outcome.networkError;
  else {
    const transient = transientStatus(outcome);
    if (transient === undefined)
      return outcome.status >= 200 && outcome.status < 300
        ? { kind: 'delivered' }
        : { kind: 'give-up', reason: refusal(outcome.status, outcome.body) };
    reason = transient;
  }
  if (attempt >= policy.attempts)
    return { kind: 'give-up', reason: `${reason} on each of ${attempt} attempts` };
  const asked = 'status' in outcome ? retryAfterMs(outcome.retryAfter, now) : undefined;
  const delayMs = asked ?? backoffMs(attempt, policy);
  if (elapsedMs + delayMs > policy.totalMs) {
    const waited = Math.round(elapsedMs / 1000);
    return {
      kind: 'give-up',
      reason: `${reason} after ${attempt} attempts in ${waited} s; waiting ${Math.ceil(delayMs / 1000)} s more would pass the ${policy.totalMs / 1000} s bound`,
    };
  }
  return { kind: 'retry', delayMs, reason };
}

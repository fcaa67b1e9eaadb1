/**
 * Posts one notification to its webhook, retrying as `deliveryDecision` says, within the policy's
 * bound. Never throws and never logs the URL: every line names the receiver by its host only, and
 * an error is reduced to its code (`ECONNREFUSED`), because the text of a fetch error can quote the
 * URL it was given.
 */

import type { NotifyDelivery } from '../retry-policies.js';
import { deliveryDecision, type AttemptOutcome } from './retry.js';
import type { WebhookTarget } from './webhook-target.js';

/** One POST of a JSON body; resolves to what came back, never rejects. */
export type Post = (url: string, body: string, timeoutMs: number) => Promise<AttemptOutcome>;

export interface DeliveryIo {
  post: Post;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  log: (line: string) => void;
}

export interface DeliveryReport {
  delivered: boolean;
  attempts: number;
  /** One line for people, naming the receiver by host: "delivered to hooks.slack.com (2 attempts)". */
  message: string;
}

/** The code of a fetch failure, never its text (which may quote the URL). */
function failureCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return `network error ${cause.code}`;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'no answer in time';
  return 'network error';
}

/** A body is read only for the codes it may hold (Slack's refusal, Teams' throttling): its start. */
const BODY_READ_LIMIT = 200;

/** The Post of a real run: fetch, no redirect followed (a webhook URL is final), a timeout per request. */
export const fetchPost: Post = async (url, body, timeoutMs) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.text().catch(() => '')).slice(0, BODY_READ_LIMIT);
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text };
  } catch (error) {
    return { networkError: failureCode(error) };
  }
};

export async function deliver(
  target: WebhookTarget,
  body: unknown,
  policy: NotifyDelivery,
  io: DeliveryIo,
): Promise<DeliveryReport> {
  const json = JSON.stringify(body);
  const started = io.now();
  for (let attempt = 1; ; attempt++) {
    const elapsed = io.now() - started;
    const timeoutMs = Math.max(1, Math.min(policy.requestTimeoutMs, policy.totalMs - elapsed));
    const outcome = await io.post(target.secretUrl(), json, timeoutMs);
    const decision = deliveryDecision(outcome, attempt, io.now() - started, io.now(), policy);
    const attempts = `${attempt} attempt${attempt === 1 ? '' : 's'}`;
    if (decision.kind === 'delivered')
      return {
        delivered: true,
        attempts: attempt,
        message: `delivered to ${target.host} (${attempts})`,
      };
    if (decision.kind === 'give-up')
      return {
        delivered: false,
        attempts: attempt,
        message: `not delivered to ${target.host}: ${decision.reason}`,
      };
    io.log(
      `${target.host}: ${decision.reason}; retrying in ${decision.delayMs} ms (attempt ${attempt + 1})`,
    );
    await io.sleep(decision.delayMs);
  }
}

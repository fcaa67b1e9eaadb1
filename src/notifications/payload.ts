// One notification's request body, in the receiver's format, checked for secrets. Pure.
import { findSecretLikeValues } from '../plan/index.js';
import { describeEvent } from './describe.js';
import { jsonPayload } from './json-payload.js';
import { sanitizeEvent } from './redact.js';
import { slackPayload } from './slack-payload.js';
import { teamsPayload } from './teams-payload.js';
import type { EventDescription, NotificationEvent, NotificationFormat } from './types.js';

const BUILDERS: Record<
  NotificationFormat,
  (event: NotificationEvent, text: EventDescription) => unknown
> = { json: jsonPayload, teams: teamsPayload, slack: slackPayload };

export type PayloadResult = { ok: true; body: unknown } | { ok: false; reason: string };

/**
 * The body to POST: every text of the event made safe first (redact.ts), then shaped; the result
 * scanned once more as a whole, and refused rather than sent if anything still looks secret.
 */
export function notificationPayload(
  event: NotificationEvent,
  format: NotificationFormat,
): PayloadResult {
  const safe = sanitizeEvent(event);
  const body = BUILDERS[format](safe, describeEvent(safe));
  const findings = findSecretLikeValues(body);
  if (findings.length > 0)
    return {
      ok: false,
      reason: `the payload looked like it held a secret: ${findings.map((f) => `${f.reason} at ${f.path}`).join(', ')}`,
    };
  return { ok: true, body };
}

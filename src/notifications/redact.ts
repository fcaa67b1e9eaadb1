/**
 * The last check before text leaves for a chat channel. The app's failure messages carry no
 * secret by design, but a notification copies text that came from Azure, ACME servers and nginx:
 * whatever looks like a credential or key material is cut out here, and a text the project's
 * secret scanner still objects to afterwards is withheld whole.
 */

import { findSecretLikeValues } from '../plan/index.js';
import type { NotificationEvent } from './types.js';

/** Chat cards are read at a glance; Slack caps a field at 2,000 characters, Teams a message at 28 KB. */
export const MAX_TEXT = 1_000;

// Each pattern cuts out the value and keeps what names it, so the message still says what failed.
// No replacement may itself look like a credential to the scanner (`Password=[withheld]` would).
const REDACTIONS: [RegExp, string][] = [
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, '[PEM block withheld]'],
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, '$1[credentials withheld]@'],
  // A query string can hold a SAS signature or a function key; the path still says which resource.
  [/(\bhttps?:\/\/[^\s?#]+)[?#][^\s'")\]]*/gi, '$1?[query withheld]'],
  [/\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/g, '[token withheld]'],
  [
    /\b(password|pwd|passwd|accountkey|sharedaccesskey|client_?secret|api_?key|access_?token)\s*[=:]\s*[^\s;&,]+/gi,
    '$1 [withheld]',
  ],
  // A PFX, a key or a certificate in base64 is far longer than any word or id in a message.
  [/[A-Za-z0-9+/_-]{100,}={0,2}/g, '[encoded data withheld]'],
];

/** `text` without what looks like a secret, and at most MAX_TEXT characters. */
export function safeText(text: string): string {
  let redacted = REDACTIONS.reduce((t, [pattern, by]) => t.replace(pattern, by), text);
  const findings = findSecretLikeValues(redacted);
  if (findings.length > 0)
    redacted = `[withheld: it looked like it held ${[...new Set(findings.map((f) => f.reason))].join(', ')}]`;
  return redacted.length > MAX_TEXT ? `${redacted.slice(0, MAX_TEXT - 1)}…` : redacted;
}

function sanitize(value: unknown): unknown {
  if (typeof value === 'string') return safeText(value);
  if (Array.isArray(value)) return value.map(sanitize);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitize(v)]));
}

/** The event with every string in it passed through `safeText`. */
export function sanitizeEvent(event: NotificationEvent): NotificationEvent {
  return sanitize(event) as NotificationEvent;
}

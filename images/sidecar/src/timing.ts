// How long the sidecar waits: pure functions of the attempt and an injected random number.
import type { HttpRetry } from '../../../src/retry-policies.js';

/**
 * Retries inside one Key Vault read (network errors, 429, 5xx): a few, briefly, so that one
 * attempt ends within seconds and the sidecar's own backoff, which logs every attempt, decides
 * the rest. The app's default (src/retry-policies.ts) may spend a minute in a single call.
 */
export const READ_RETRY: HttpRetry = { maxRetries: 2, baseDelayMs: 1_000, maxDelayMs: 5_000 };

/**
 * First retry at start after 5 s, doubling up to a minute, for as long as it takes: the group's
 * new Key Vault Secrets User assignment "can take up to 10 minutes" to apply
 * (articles/role-based-access-control/troubleshooting.md), and a one-minute cap starts nginx
 * within a minute of it applying, well inside the deployment's 15-minute wait for healthy probes.
 */
export const START_BACKOFF = { baseMs: 5_000, capMs: 60_000 } as const;

/** ±10 %, so the groups of an environment do not all ask Key Vault in the same second. */
export function jittered(ms: number, random: () => number): number {
  return Math.round(ms * (0.9 + 0.2 * random()));
}

/** The wait after failed attempt `attempt` (1 for the first), capped and jittered. */
export function backoffMs(attempt: number, random: () => number): number {
  const exponential = START_BACKOFF.baseMs * 2 ** Math.min(attempt - 1, 16);
  return jittered(Math.min(START_BACKOFF.capMs, exponential), random);
}

// Function keys as the Functions host checks them: `anonymous` needs nothing, `function` accepts
// the function key or the master key, `admin` (and the /admin and /runtime/webhooks routes) only the
// master key. The key comes in the `x-functions-key` header or the `code` query parameter.
// https://learn.microsoft.com/azure/azure-functions/function-keys-how-to
import { timingSafeEqual } from 'node:crypto';
import type { HostKeys } from './settings.js';

export type AuthLevel = 'anonymous' | 'function' | 'admin';

export interface KeySource {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: URLSearchParams;
}

export function presentedKey(req: KeySource): string | undefined {
  return req.headers['x-functions-key'] ?? req.query.get('code') ?? undefined;
}

export function isAuthorized(level: AuthLevel, keys: HostKeys, req: KeySource): boolean {
  if (level === 'anonymous') return true;
  const key = presentedKey(req);
  if (key === undefined) return false;
  const accepted = level === 'admin' ? [keys.master] : [keys.function, keys.master];
  return accepted.some((k) => k !== undefined && sameKey(k, key));
}

/**
 * The Event Grid webhook is open when local.settings.json configures no master key: its URL is an
 * app setting written before the host (and its generated key) exists. The host listens on loopback
 * and refuses other Host headers. The /admin and Durable routes always need the master key.
 */
export function isSystemAuthorized(keys: HostKeys, req: KeySource): boolean {
  return keys.master === undefined || isAuthorized('admin', keys, req);
}

export function toAuthLevel(value: unknown): AuthLevel {
  const level = typeof value === 'string' ? value.toLowerCase() : 'anonymous';
  if (level === 'anonymous' || level === 'function' || level === 'admin') return level;
  if (level === 'system') return 'admin';
  throw new Error(`Unknown authLevel "${String(value)}".`);
}

function sameKey(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

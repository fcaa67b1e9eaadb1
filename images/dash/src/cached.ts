/** How long a value stays fresh: a number of milliseconds, or one chosen by the value itself. */
export type Ttl<T> = number | ((value: T) => number);

/**
 * `read` at most once per TTL, however many callers ask: every open page of the dashboard shares
 * one query per interval, not one each. Concurrent callers share the read in flight. A failed read
 * is not kept: the next call tries again.
 */
export function cached<T>(read: () => Promise<T>, ttl: Ttl<T>, now: () => Date): () => Promise<T> {
  let kept: { at: number; ttlMs: number; value: Promise<T> } | undefined;
  return () => {
    const at = now().getTime();
    if (kept && at - kept.at < kept.ttlMs) return kept.value;
    const value = read();
    // Fresh while in flight; then for the TTL the value asks for.
    const entry = { at, ttlMs: Number.POSITIVE_INFINITY, value };
    kept = entry;
    value.then(
      (v) => {
        entry.ttlMs = typeof ttl === 'number' ? ttl : ttl(v);
      },
      () => {
        if (kept === entry) kept = undefined;
      },
    );
    return value;
  };
}

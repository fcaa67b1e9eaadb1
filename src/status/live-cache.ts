// Keeps the page from reading ARM at every poll: an environment's live parts are read again only
// when one of its workflows changed (the key) or after a while (the TTL), and concurrent polls
// share one read. Time is injected.

/** Long enough that a page polling every few seconds reads ARM a few times a minute at most. */
export const LIVE_TTL_MS = 30_000;

export interface LiveCache<T> {
  get(environment: string, key: string, load: () => Promise<T>): Promise<T>;
}

export function liveCache<T>(now: () => number, ttlMs = LIVE_TTL_MS): LiveCache<T> {
  const entries = new Map<string, { key: string; at: number; value: Promise<T> }>();
  return {
    get(environment, key, load) {
      const entry = entries.get(environment);
      if (entry && entry.key === key && now() - entry.at < ttlMs) return entry.value;
      const value = load();
      entries.set(environment, { key, at: now(), value });
      value.catch(() => entries.delete(environment));
      return value;
    },
  };
}

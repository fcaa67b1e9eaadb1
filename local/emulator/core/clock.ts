// Time is injected: handlers read `clock.now()` and the edge schedules wake-ups through the clock,
// so tests can use a manual clock and the latency model can be scaled.

export interface Clock {
  now: () => number;
  /** Calls `fn` after `ms` milliseconds; returns a function that cancels the call. */
  setTimer: (fn: () => void, ms: number) => () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to; for unit tests of time-dependent behaviour. */
export function manualClock(
  start = Date.UTC(2026, 0, 1),
): Clock & { advance: (ms: number) => void } {
  let now = start;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  return {
    now: () => now,
    setTimer: (fn, ms) => {
      const timer = { at: now + ms, fn, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    advance: (ms) => {
      now += ms;
      for (const timer of timers.filter((t) => t.live && t.at <= now)) {
        timer.live = false;
        timer.fn();
      }
    },
  };
}

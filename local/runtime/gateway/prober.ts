// Probe loops, one per server (pool member × the settings a rule pairs its pool with): the first
// probe at once, the next an interval after the previous one ended. "All instances of Application
// Gateway probe the backend independent of each other" and "each listener probes the backend
// independent of each other" (application-gateway-probe-overview.md, "Probe intervals"): the local
// gateway is one instance, and probes each pairing once per interval.
//
// The interval is Azure time, scaled by the time scale like every other wait of the emulator, but
// never below MIN_INTERVAL_MS: a probe is a TLS handshake, and on a time scale of 0.001 the plan's
// 30 s would be 30 ms per member, which would keep two shared cores busy with handshakes.
import type { ProbeResult } from './probe-verdict.js';

export const MIN_INTERVAL_MS = 250;

export interface ProbeJob {
  key: string;
  /** Changes when anything the probe depends on changes; the loop restarts then. */
  fingerprint: string;
  intervalSeconds: number;
  run: () => Promise<ProbeResult>;
}

export interface Prober {
  sync(jobs: readonly ProbeJob[]): void;
  close(): void;
}

interface Loop {
  fingerprint: string;
  stopped: boolean;
  timer?: NodeJS.Timeout;
}

export function probeIntervalMs(intervalSeconds: number, timeScale: number): number {
  return Math.max(intervalSeconds * 1000 * timeScale, MIN_INTERVAL_MS);
}

export function createProber(
  timeScale: number,
  onResult: (key: string, result: ProbeResult) => void,
): Prober {
  const loops = new Map<string, Loop>();

  const start = (job: ProbeJob) => {
    const loop: Loop = { fingerprint: job.fingerprint, stopped: false };
    const tick = () => {
      void job.run().then((result) => {
        if (loop.stopped) return;
        onResult(job.key, result);
        loop.timer = setTimeout(tick, probeIntervalMs(job.intervalSeconds, timeScale));
        loop.timer.unref();
      });
    };
    loops.set(job.key, loop);
    tick();
  };
  const stop = (key: string) => {
    const loop = loops.get(key);
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    loops.delete(key);
  };

  return {
    sync(jobs) {
      const wanted = new Map(jobs.map((j) => [j.key, j]));
      for (const [key, loop] of loops) {
        if (wanted.get(key)?.fingerprint !== loop.fingerprint) stop(key);
      }
      for (const job of jobs) if (!loops.has(job.key)) start(job);
    },
    close() {
      for (const key of [...loops.keys()]) stop(key);
    },
  };
}

// Restarts of the local twin's container groups, measured from outside as a user sees them: from
// the restart request until the local gateway holds the group's new address in its pool and
// probes it Healthy. Shared by the e2e test (which asserts what happens) and bench/twin (which
// prints the figures); neither asserts a time.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from '../../src/cli/main.js';
import type { RuntimeGroup, Twin, TwinStatus } from './twin.js';

const silent = { stdout: () => undefined, stderr: () => undefined };

/** Polls `probe` every 100 ms until it answers something, or fails after `deadlineMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  deadlineMs = 60_000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  const why = last instanceof Error ? ` (${last.message})` : '';
  throw new Error(`${what}: not within ${deadlineMs / 1000} s${why}`);
}

export const appGroups = (status: TwinStatus): RuntimeGroup[] =>
  status.groups
    .filter((g) => /-app-\d+$/.test(g.name))
    .sort((a, b) => a.name.localeCompare(b.name));

/** Whether the local gateway holds `privateIp` in the app pool and probes it Healthy. */
export function poolHealthy(status: TwinStatus, privateIp: string): boolean {
  return (status.gateways ?? []).some((g) =>
    (g.health ?? []).some(
      (pool) =>
        pool.pool === 'app' &&
        pool.servers.some((s) => s.address === privateIp && s.health === 'Healthy'),
    ),
  );
}

export interface Restarted {
  group: RuntimeGroup;
  /** The group's run after the restart. */
  moved: RuntimeGroup;
  /** From the restart request until the pool holds the new address, Healthy. */
  seconds: number;
}

/** Restarts a group (ARM, or the platform's) and waits until the pool holds its new address. */
export async function restartUntilPooled(
  twin: Twin,
  group: RuntimeGroup,
  how: 'arm' | 'platform',
): Promise<Restarted> {
  const started = performance.now();
  const args = ['restart', group.name, '--state-dir', twin.stateDir, '--no-wait'];
  const code = await runCli(how === 'platform' ? [...args, '--platform'] : args, silent);
  if (code !== 0) throw new Error(`restart ${group.name} exited ${code}`);
  const moved = await until(`${group.name} back in the pool on a new address`, async () => {
    const status = await twin.status();
    const run = status.groups.find((g) => g.name === group.name);
    return run && run.privateIp !== group.privateIp && poolHealthy(status, run.privateIp)
      ? run
      : undefined;
  });
  return { group, moved, seconds: (performance.now() - started) / 1000 };
}

export interface RollingRestart {
  restarts: Restarted[];
  requests: number;
  failed: number;
}

/**
 * ARM-restarts the app groups one after another, each once the previous one is back in the pool,
 * while a loop sends requests through the gateway (`path`, one at a time): how many failed.
 */
export async function rollingRestart(
  twin: Twin,
  path = '/api/healthcheck',
): Promise<RollingRestart> {
  let stop = false;
  let requests = 0;
  let failed = 0;
  const loop = (async () => {
    while (!stop) {
      requests++;
      const answer = await twin.get(path, { timeoutMs: 5_000 }).catch(() => undefined);
      if (answer?.status !== 200) failed++;
      await sleep(20);
    }
  })();
  const restarts: Restarted[] = [];
  try {
    for (const group of appGroups(await twin.status())) {
      restarts.push(await restartUntilPooled(twin, group, 'arm'));
    }
    await sleep(1_000);
  } finally {
    stop = true;
    await loop;
  }
  return { restarts, requests, failed };
}

// Backend health over time: for each gateway pool, how many of its backends are Healthy, recorded
// after every change that can alter it (a gateway PUT accepted or completed, a container group
// starting, restarting, updated, stopped or deleted, a local gateway's report), with the
// emulator's time. A test reads it (`GET /_emulator/backend-health-timeline`) to check that a
// rolling change never left a pool with fewer healthy backends than it allows. Only changes are
// kept: a sample is added when a pool's counts differ from its previous sample.
import type { EmulatorContext } from '../../core/context.js';

export interface BackendHealthSample {
  /** Emulator time, ISO 8601. */
  at: string;
  gatewayId: string;
  pool: string;
  /** Addresses the pool holds. */
  backends: number;
  /** Of those, how many the gateway finds Healthy (under any of the pool's backend settings). */
  healthy: number;
  /** What changed. */
  cause: string;
}

export interface PoolHealth {
  gatewayId: string;
  pool: string;
  backends: number;
  healthy: number;
}

/** A long `npm start` keeps the most recent samples only. */
const MAX_SAMPLES = 10_000;

/** Beside the state's resources map, so an emulator reset forgets the timeline too. */
const timelines = new WeakMap<object, BackendHealthSample[]>();

function timelineOf(ctx: EmulatorContext): BackendHealthSample[] {
  let samples = timelines.get(ctx.state.resources);
  if (!samples) {
    samples = [];
    timelines.set(ctx.state.resources, samples);
  }
  return samples;
}

/** Appends a sample for each pool whose counts changed since its last sample. */
export function appendBackendHealth(
  ctx: EmulatorContext,
  pools: readonly PoolHealth[],
  cause: string,
): void {
  const samples = timelineOf(ctx);
  const at = new Date(ctx.clock.now()).toISOString();
  for (const pool of pools) {
    const last = samples.findLast(
      (s) => s.gatewayId.toLowerCase() === pool.gatewayId.toLowerCase() && s.pool === pool.pool,
    );
    if (last?.backends === pool.backends && last.healthy === pool.healthy) continue;
    samples.push({ at, ...pool, cause });
  }
  if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
}

export function backendHealthTimeline(ctx: EmulatorContext): readonly BackendHealthSample[] {
  return timelineOf(ctx);
}

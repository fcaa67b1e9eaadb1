// A pool member's health as its probes move it (pure).
//
// "If a probe returns as healthy, the corresponding backend is immediately marked as healthy";
// "The backend server is marked down after the consecutive probe failure count reaches the
// unhealthy threshold"; on v2 "the health probes wait the interval" between those failures
// (application-gateway-probe-overview.md, "Default health probe settings").
//
// A member new to the pool is Unknown and gets no traffic until its first probe succeeds.
// Inferred: no page says how a new member starts; being probed before it is trusted is the safe
// reading, and the first probe is sent at once so it does not wait an interval.
import type { ProbeResult } from './probe-verdict.js';
import type { ServerHealth } from './types.js';

export interface MemberHealth {
  health: ServerHealth;
  /** Consecutive failed probes. */
  failures: number;
  healthProbeLog: string;
}

export const NEW_MEMBER: MemberHealth = {
  health: 'Unknown',
  failures: 0,
  healthProbeLog:
    'The backend health status could not be retrieved yet: its first probe has not completed.',
};

export function nextHealth(
  previous: MemberHealth,
  result: ProbeResult,
  unhealthyThreshold: number,
): MemberHealth {
  if (result.ok) return { health: 'Healthy', failures: 0, healthProbeLog: result.log };
  const failures = previous.failures + 1;
  const health = failures >= unhealthyThreshold ? 'Unhealthy' : previous.health;
  return {
    health,
    failures,
    healthProbeLog: health === 'Healthy' ? previous.healthProbeLog : result.log,
  };
}

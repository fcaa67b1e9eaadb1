// A chaos schedule from its seed: the same seed always gives the same faults, so a failing seed
// printed by the suite replays with CHAOS_SEED. Pure.
import type { FaultScenario } from '../../local/emulator/core/faults.js';

/** A fault rule armed in the emulator, matching only this schedule's resource group. */
export interface ArmFault {
  scenario: FaultScenario;
  method: 'GET' | 'PUT';
  /** The end of the resource path it hits (a regular expression). */
  target: string;
  count: number;
}

/** Event Grid misbehaving towards the app's webhook. */
export type EventFault =
  /** The environment's past events again, in reverse order (duplicated and reordered). */
  | { kind: 'replay' }
  /** A restart event for a group that never existed. */
  | { kind: 'ghost' }
  /** A restart event for a running group, delivered late. */
  | { kind: 'late'; afterMs: number };

export interface GroupRestart {
  /** 1-based app group. */
  group: number;
  /** `arm`: POST restart (Event Grid tells the app); `platform`: no event, the timer heals it. */
  kind: 'arm' | 'platform';
}

export interface Schedule {
  seed: number;
  /** The environment's name, and its resource group `rg-<name>`. */
  environment: string;
  /** Armed before the first deployment. */
  deployFaults: ArmFault[];
  /** Armed before the change (a new web image: every group rolls). */
  changeFaults: ArmFault[];
  /** Kill the Functions host with SIGKILL this long into the first deployment or the change. */
  crash?: { during: 'deploy' | 'change'; afterMs: number };
  /** Restarts while the change deploys. */
  restarts: GroupRestart[];
  events: EventFault[];
}

/** mulberry32: small, fast and good enough to pick faults; seeded, so schedules replay. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The resources a fault may hit, by the end of their path. */
const TARGETS = [
  'Microsoft\\.ContainerInstance/containerGroups/[^/]+',
  'Microsoft\\.Network/applicationGateways/[^/]+',
  'Microsoft\\.Network/privateDnsZones/[^/]+/A/[^/]+',
  'Microsoft\\.Network/virtualNetworks/[^/]+',
  'Microsoft\\.KeyVault/vaults/[^/]+',
  'Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+',
  'Microsoft\\.Authorization/roleAssignments/[^/]+',
] as const;

/** What ARM does to a request now and then; each is retried or waited for by the app. */
const SCENARIOS: readonly FaultScenario[] = [
  'throttled429RetryAfter',
  'internalError500',
  'unavailable503',
  'conflict409',
  'droppedConnection',
];

export function scheduleOf(seed: number): Schedule {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  const faults = (): ArmFault[] =>
    Array.from({ length: Math.floor(next() * 4) }, (): ArmFault => {
      const target = pick(TARGETS);
      // A superseded PUT only happens to the gateway (another PUT took its place).
      if (target.includes('applicationGateways') && chance(0.3))
        return { scenario: 'gatewaySuperseded', method: 'PUT', target, count: 1 };
      return {
        scenario: pick(SCENARIOS),
        method: chance(0.6) ? 'PUT' : 'GET',
        target,
        count: 1 + Math.floor(next() * 2),
      };
    });
  const deployFaults = faults();
  const changeFaults = faults();
  const crash = chance(0.15)
    ? { during: pick(['deploy', 'change'] as const), afterMs: Math.floor(next() * 1_500) }
    : undefined;
  const restarts = Array.from({ length: Math.floor(next() * 3) }, (): GroupRestart => ({
    group: 1 + Math.floor(next() * 2),
    kind: pick(['arm', 'platform']),
  }));
  const events: EventFault[] = [];
  if (chance(0.4)) events.push({ kind: 'replay' });
  if (chance(0.3)) events.push({ kind: 'ghost' });
  if (chance(0.3)) events.push({ kind: 'late', afterMs: Math.floor(next() * 500) });
  return {
    seed,
    environment: `chaos-${seed}`,
    deployFaults,
    changeFaults,
    ...(crash ? { crash } : {}),
    restarts,
    events,
  };
}

/** One line per schedule, for the suite's output and a failing seed's report. */
export function describeSchedule(s: Schedule): string {
  const faults = (list: readonly ArmFault[]) =>
    list.map((f) => `${f.scenario}×${f.count} ${f.method} ${f.target.split('/')[1] ?? ''}`);
  return [
    `seed ${s.seed}`,
    `deploy faults [${faults(s.deployFaults).join(', ')}]`,
    `change faults [${faults(s.changeFaults).join(', ')}]`,
    s.crash ? `host SIGKILL ${s.crash.afterMs} ms into the ${s.crash.during}` : 'no crash',
    `restarts [${s.restarts.map((r) => `app-${r.group} ${r.kind}`).join(', ')}]`,
    `events [${s.events.map((e) => e.kind).join(', ')}]`,
  ].join('; ');
}

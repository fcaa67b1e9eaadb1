// The emulator's request log (GET /_emulator/requests) cut to a time window and counted the way
// ARM throttles: reads and writes, by resource provider and by kind of request.

import type { RequestLogEntry } from '../../local/emulator/index.js';

export type LoggedRequest = RequestLogEntry;

const KINDS: readonly [string, RegExp][] = [
  ['container group', /\/containerGroups\/[^/]+$/i],
  ['container group list', /\/containerGroups$/i],
  ['private A record', /\/privateDnsZones\/[^/]+\/A\/[^/]+$/i],
  ['private A record list', /\/privateDnsZones\/[^/]+\/A$/i],
  ['gateway', /\/applicationGateways\/[^/]+$/i],
  ['operation poll', /\/(operations|operationResults|asyncoperations)\/[^/]+$/i],
];

/** `GET container group`, `PUT gateway`, …; the path itself when it is none of those. */
export function kindOf(request: LoggedRequest): string {
  const kind = KINDS.find(([, pattern]) => pattern.test(request.path))?.[0] ?? request.path;
  return `${request.method} ${kind}`;
}

/** `Microsoft.Network`, `Microsoft.ContainerInstance`, …: the provider that throttles the request. */
export function providerOf(request: LoggedRequest): string {
  return /\/providers\/([^/]+)/i.exec(request.path)?.[1] ?? 'Microsoft.Resources';
}

/** `env-007` for a request on a seeded environment's resource group. */
export function environmentOf(request: LoggedRequest): string | undefined {
  return /\/resourceGroups\/rg-(env-\d+)/i.exec(request.path)?.[1];
}

export const isRead = (r: LoggedRequest) => r.service === 'arm' && r.method === 'GET';
export const isWrite = (r: LoggedRequest) => r.service === 'arm' && r.changedState;

/** The ARM requests logged from `from` to `to` (ISO times, both included). */
export function inWindow(log: readonly LoggedRequest[], from: string, to: string) {
  return log.filter((r) => r.service === 'arm' && r.at >= from && r.at <= to);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

export function describeCounts(counts: Map<string, number>): string {
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

// The summary `demo` prints after a successful deployment: what exists in the emulator, the
// certificate, the groups' IPs and the gateway's backend pools. Pure: status and state in, text out.
import { renderTable } from '../table.js';
import type { StageView, StatusView } from './status.js';

export interface EmulatorStateView {
  readonly resourceGroups?: readonly { type?: string }[];
  readonly resources?: readonly { type: string }[];
}

export function demoSummary(status: StatusView, state: EmulatorStateView): string {
  return [
    resourcesSection(state),
    certificateSection(stage(status, 'certificate')),
    groupsSection(stage(status, 'container-groups')),
    poolsSection(servedPools(status)),
  ].join('\n');
}

function stage(status: StatusView, name: string): StageView | undefined {
  return status.stages.find((s) => s.stage === name);
}

export function resourceCounts(state: EmulatorStateView): Map<string, number> {
  const all = [
    ...(state.resourceGroups ?? []).map(() => 'Microsoft.Resources/resourceGroups'),
    ...(state.resources ?? []).map((r) => r.type),
  ];
  const counts = new Map<string, number>();
  for (const type of all.sort()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function resourcesSection(state: EmulatorStateView): string {
  const counts = resourceCounts(state);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const rows = [...counts].map(([type, count]) => [`  ${count}`, type]);
  return `Resources in the emulator: ${total}\n${renderTable(['  COUNT', 'TYPE'], rows)}`;
}

function text(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') || '(none)' : (value ?? '(unknown)');
}

function certificateSection(certificate: StageView | undefined): string {
  const o = certificate?.outputs ?? {};
  return [
    'Certificate',
    `  subject  ${text(o.subject)}`,
    `  issuer   ${text(o.issuer)}`,
    `  expires  ${text(o.notAfter)}`,
    `  format   ${text(o.contentType)} (key made by Key Vault, CSR signed by ACME, chain merged)`,
    '',
  ].join('\n');
}

function groupsSection(groups: StageView | undefined): string {
  const rows = Object.entries(groups?.outputs ?? {}).map(([name, ip]) => [`  ${name}`, text(ip)]);
  return `Container group IPs\n${renderTable(['  GROUP', 'IP'], rows)}`;
}

/** The pools the gateway serves, as `gateway-configuration` wrote them once every group had its IP. */
function servedPools(status: StatusView): NonNullable<StageView['outputs']> {
  return { ...stage(status, 'gateway-configuration')?.outputs };
}

function poolsSection(pools: NonNullable<StageView['outputs']>): string {
  const rows = Object.entries(pools).map(([pool, ips]) => [`  ${pool}`, text(ips)]);
  return `Gateway backend pools\n${renderTable(['  POOL', 'ADDRESSES'], rows)}`;
}

// What must hold once a chaos schedule is over, whatever happened during it. Each check answers
// its problems as sentences naming the resource; none throws.
import { adminRequest } from '../support/admin.js';
import type { LocalStack } from '../support/local-stack.js';
import { deployOrCrashed, SUBSCRIPTION } from './deployments.js';
import type { Schedule } from './schedule.js';

interface Logged {
  /** The emulator's time, ISO 8601: the log keeps its last 10,000 entries, so it is read by time. */
  at: string;
  method: string;
  path: string;
  status: number;
  changedState: boolean;
}

/** Whether a request's path is in the schedule's resource group (rg-chaos-1 is not rg-chaos-10). */
const inGroup = (s: Schedule, path: string) => {
  const group = `/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-${s.environment}`;
  const lower = path.toLowerCase();
  return lower === group || lower.startsWith(`${group}/`);
};

/** The emulator's request log since `since` (ISO 8601). */
async function requests(stack: LocalStack, since: string): Promise<Logged[]> {
  const log = (await adminRequest(stack.emu, 'GET', '/_emulator/requests')).value as Logged[];
  return log.filter((r) => r.at >= since);
}

/** A list, or undefined when its parent does not exist (404): a problem the caller names. */
async function list(
  stack: LocalStack,
  path: string,
): Promise<Record<string, unknown>[] | undefined> {
  const answer = await adminRequest(stack.emu, 'GET', path).catch((error: Error) => {
    if (/: 404 /.test(error.message)) return undefined;
    throw error;
  });
  return answer ? ((answer.value ?? []) as Record<string, unknown>[]) : undefined;
}

/**
 * Converged means written: deploying the same spec again sends no state-changing request (every
 * planned resource already holds its planned body, by the deployment's own drift check).
 */
async function writesOnceConverged(
  stack: LocalStack,
  s: Schedule,
  spec: Record<string, unknown>,
): Promise<string[]> {
  const from = new Date().toISOString();
  const again = await deployOrCrashed(stack, s, spec);
  if (again.runtimeStatus !== 'Completed')
    return [`deploying the converged spec again ended ${again.runtimeStatus}`];
  const writes = (await requests(stack, from)).filter((r) => r.changedState && inGroup(s, r.path));
  return writes.map((w) => `written although converged: ${w.method} ${w.path} (${w.status})`);
}

/** A create is a PUT answered 201; the run-once migration group is created and deleted by design. */
function createdTwice(log: readonly Logged[], s: Schedule): string[] {
  const creates = new Map<string, number>();
  for (const r of log) {
    const path = r.path.toLowerCase();
    if (r.method !== 'PUT' || r.status !== 201 || !inGroup(s, path)) continue;
    if (path.endsWith(`/ci-${s.environment}-migrate`)) continue;
    creates.set(path, (creates.get(path) ?? 0) + 1);
  }
  return [...creates].filter(([, n]) => n > 1).map(([path, n]) => `created ${n} times: ${path}`);
}

/**
 * Records and pools follow the groups: each group's A record holds the IP it has now, no record
 * points at an IP no group holds, and the gateway's pools hold exactly the groups' IPs.
 */
async function followsGroups(stack: LocalStack, s: Schedule): Promise<string[]> {
  const rg = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${s.environment}`;
  const groups = await list(
    stack,
    `${rg}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01`,
  );
  if (!groups) return [`the resource group rg-${s.environment} does not exist`];
  const ipOf = new Map<string, string | undefined>();
  for (const g of groups) {
    const name = String(g.name);
    if (name.endsWith('-migrate')) continue;
    const ip = (g.properties as { ipAddress?: { ip?: string } }).ipAddress?.ip;
    ipOf.set(name.replace(`ci-${s.environment}-`, ''), ip);
  }
  const held = new Set([...ipOf.values()].filter((ip): ip is string => Boolean(ip)));
  const problems: string[] = [];
  const zone = `${s.environment}.internal`;
  const records = await list(
    stack,
    `${rg}/providers/Microsoft.Network/privateDnsZones/${zone}/A?api-version=2020-06-01`,
  );
  if (!records) return [`the private DNS zone ${zone} does not exist`];
  for (const r of records) {
    const ips = ((r.properties as { aRecords?: { ipv4Address: string }[] }).aRecords ?? []).map(
      (a) => a.ipv4Address,
    );
    const name = String(r.name);
    for (const ip of ips)
      if (!held.has(ip)) problems.push(`record ${name}.${zone} points at ${ip}, held by no group`);
    const own = ipOf.get(name);
    if (own && !ips.includes(own))
      problems.push(`record ${name}.${zone} holds ${ips.join(', ')}, not its group's ${own}`);
  }
  const gateway = await adminRequest(
    stack.emu,
    'GET',
    `${rg}/providers/Microsoft.Network/applicationGateways/agw-${s.environment}?api-version=2025-05-01`,
  ).catch((error: Error) => {
    if (/: 404 /.test(error.message)) return undefined;
    throw error;
  });
  if (!gateway) return [...problems, `the gateway agw-${s.environment} does not exist`];
  const pools = (
    gateway.properties as {
      backendAddressPools: {
        name: string;
        properties: { backendAddresses?: { ipAddress: string }[] };
      }[];
    }
  ).backendAddressPools;
  // Each pool holds the IPs of its role's groups: `app` the app-N groups, `dashboard` the dashboard.
  for (const pool of pools) {
    const pooled = (pool.properties.backendAddresses ?? []).map((a) => a.ipAddress);
    const expected = [...ipOf]
      .filter(([name, ip]) => ip && name.replace(/-\d+$/, '') === pool.name)
      .map(([, ip]) => ip!);
    for (const ip of pooled)
      if (!held.has(ip)) problems.push(`pool ${pool.name} holds ${ip}, held by no group`);
    for (const ip of expected)
      if (!pooled.includes(ip)) problems.push(`pool ${pool.name} lacks its group's IP ${ip}`);
  }
  return problems;
}

/** `startedAt`: when the schedule began (ISO 8601), for the request log. */
export async function checkProperties(
  stack: LocalStack,
  s: Schedule,
  spec: Record<string, unknown>,
  startedAt: string,
): Promise<string[]> {
  return [
    ...createdTwice(await requests(stack, startedAt), s),
    ...(await followsGroups(stack, s)),
    ...(await writesOnceConverged(stack, s, spec)),
  ];
}

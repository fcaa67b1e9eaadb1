// The reconciler at scale on the local stack: N environments (default 200) of 4 container groups
// each, seeded with ARM PUTs (test/support/seeded-environments.ts) and recorded as deployed the way
// the app knows its environments (a finished `environment-<name>` deployment instance whose input
// holds the spec; its stage graph is empty because the bench put the resources in place). Then:
// 1. one timer tick (the real reconcileTimer function, one reconcile orchestration per
//    environment): ARM reads and writes, and the time until every orchestration has completed;
// 2. a burst of restarts across 20 environments: two ARM restarts each (POST …/restart; their
//    events start the reconciles) and, in 5 of them, a platform restart of the dashboard first
//    (no event: the same pass reads it): writes per environment (goal: 1 gateway PUT for each
//    affected environment, nothing for the others) and the time from the last event to the
//    pools written;
// 3. the reads an hour the timer alone costs at the default schedule (every 5 minutes), against
//    ARM's documented limits (arm-limits.ts).
// Counts come from the emulator's request log; the bench itself reads only the emulator's admin
// routes, which are not logged, so every logged request is the app's (or a restart POST).
// Run: node --import tsx bench/reconcile/scale.ts [environments] [timeScale]
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { readMasterKey } from '../../local/host/index.js';
import { RESTART_OPERATION_MS } from '../../local/emulator/providers/container-instance/restart.js';
import { adminRequest } from '../../test/support/admin.js';
import { startLocalStack, type LocalStack } from '../../test/support/local-stack.js';
import { toolPath } from '../../test/support/requires.js';
import { registerResourceProvider } from '../../test/support/resource-providers.js';
import {
  SEEDED_SUBSCRIPTION,
  seedEnvironment,
  seededSpecInput,
  type SeededEnvironment,
} from '../../test/support/seeded-environments.js';
import {
  ARM_READS,
  ARM_READS_PER_HOUR,
  ARM_WRITES,
  minimumSpreadSeconds,
  NETWORK_READS_PER_5_MIN,
  NETWORK_WRITES_PER_5_MIN,
  percent,
  THROTTLING_PAGE,
} from './arm-limits.js';
import {
  countBy,
  describeCounts,
  environmentOf,
  inWindow,
  isRead,
  isWrite,
  kindOf,
  providerOf,
  type LoggedRequest,
} from './request-log.js';

const environments = Number(process.argv[2] ?? 200);
const timeScale = Number(process.argv[3] ?? 0.01);
const BURST_ENVIRONMENTS = Math.min(20, environments);
const PLATFORM_RESTARTS = Math.min(5, BURST_ENVIRONMENTS);
// ACI_VNET_SIDECARS_RECONCILE_SCHEDULE default: every 5 minutes (src/settings.ts).
const TIMER_PERIOD_S = 300;
const GROUP_API = '2023-05-01';

interface InstanceStatus {
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
}

function durableApi(stack: LocalStack) {
  const key = readMasterKey(stack.host.masterKeyFile ?? '');
  if (!key) throw new Error('the local host wrote no master key');
  const url = (path: string) => `${stack.host.url}/runtime/webhooks/durabletask/${path}`;
  return {
    async start(orchestrator: string, instanceId: string, input: unknown) {
      const res = await fetch(url(`orchestrators/${orchestrator}/${instanceId}`), {
        method: 'POST',
        headers: { 'x-functions-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      if (res.status !== 202) throw new Error(`starting ${instanceId}: ${res.status}`);
    },
    async list(): Promise<InstanceStatus[]> {
      const res = await fetch(url('instances'), { headers: { 'x-functions-key': key } });
      return (await res.json()) as InstanceStatus[];
    },
  };
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

/** Seeds the environments and records each as deployed by this app. */
async function seed(stack: LocalStack): Promise<SeededEnvironment[]> {
  for (const namespace of [
    'Microsoft.Network',
    'Microsoft.ContainerInstance',
    'Microsoft.EventGrid',
  ])
    await registerResourceProvider(stack.emu, SEEDED_SUBSCRIPTION, namespace);
  const eventWebhookUrl = `${stack.host.url}/runtime/webhooks/eventgrid?functionName=onContainerGroupEvent`;
  const numbers = Array.from({ length: environments }, (_, i) => i + 1);
  const seeded = await inBatches(numbers, 10, (n) =>
    seedEnvironment(stack.emu, seededSpecInput(n), { eventWebhookUrl }),
  );
  const durable = durableApi(stack);
  for (const env of seeded)
    await durable.start('deployEnvironment', `environment-${env.spec.name}`, {
      environment: env.spec.name,
      spec: env.input,
      graph: [],
    });
  await settled(stack, 'environment-', 0, environments);
  return seeded;
}

/**
 * Waits until `count` instances whose id starts with `prefix`, created at `since` or later, have
 * completed (the status gives `createdTime` in whole seconds).
 */
async function settled(stack: LocalStack, prefix: string, since: number, count: number) {
  const durable = durableApi(stack);
  const second = Math.floor(since / 1000) * 1000;
  for (;;) {
    const mine = (await durable.list()).filter(
      (s) => s.instanceId.startsWith(prefix) && Date.parse(s.createdTime) >= second,
    );
    const failed = mine.find((s) => s.runtimeStatus === 'Failed');
    if (failed) throw new Error(`${failed.instanceId} failed`);
    if (mine.length >= count && mine.every((s) => s.runtimeStatus === 'Completed')) return;
    await sleep(20);
  }
}

async function requestLog(stack: LocalStack): Promise<LoggedRequest[]> {
  return (await adminRequest(stack.emu, 'GET', '/_emulator/requests')).value as LoggedRequest[];
}

/** A moment after every request logged so far (the log's times have millisecond precision). */
async function mark(): Promise<{ iso: string; ms: number }> {
  await sleep(5);
  const ms = Date.now();
  await sleep(5);
  return { iso: new Date(ms).toISOString(), ms };
}

interface StoredResource {
  id: string;
  properties: {
    provisioningState?: string;
    ipAddress?: { ip?: string };
    backendAddressPools?: {
      name: string;
      properties: { backendAddresses: { ipAddress: string }[] };
    }[];
  };
}

async function stored(stack: LocalStack): Promise<Map<string, StoredResource>> {
  const types = 'Microsoft.ContainerInstance/containerGroups,Microsoft.Network/applicationGateways';
  const { value } = (await adminRequest(
    stack.emu,
    'GET',
    `/_emulator/resources?type=${types}`,
  )) as {
    value: StoredResource[];
  };
  return new Map(value.map((r) => [r.id.toLowerCase(), r]));
}

/** Whether the environment's gateway has completed a PUT and its pools hold its groups' IPs. */
function poolsFollow(env: SeededEnvironment, resources: Map<string, StoredResource>): boolean {
  const gateway = resources.get(env.ids.gateway.toLowerCase());
  if (gateway?.properties.provisioningState !== 'Succeeded') return false;
  const pooled = new Set(
    (gateway.properties.backendAddressPools ?? []).flatMap((p) =>
      p.properties.backendAddresses.map((a) => a.ipAddress),
    ),
  );
  const ips = env.groups.map((id) => resources.get(id.toLowerCase())?.properties.ipAddress?.ip);
  return ips.every((ip) => ip !== undefined && pooled.has(ip)) && pooled.size === ips.length;
}

async function tick(stack: LocalStack) {
  const from = await mark();
  const started = performance.now();
  await stack.fire('reconcileTimer');
  await settled(stack, 'reconcile-', from.ms, environments);
  const ms = performance.now() - started;
  const to = await mark();
  const requests = inWindow(await requestLog(stack), from.iso, to.iso);
  return { ms, reads: requests.filter(isRead), writes: requests.filter(isWrite) };
}

async function burst(stack: LocalStack, seeded: SeededEnvironment[]) {
  const affected = seeded.slice(0, BURST_ENVIRONMENTS);
  const from = await mark();
  const started = performance.now();
  for (const env of affected.slice(0, PLATFORM_RESTARTS))
    await adminRequest(stack.emu, 'POST', '/_emulator/platform/restart', {
      containerGroupId: env.groups.at(-1),
    });
  await Promise.all(
    affected.flatMap((env) =>
      env.groups
        .slice(0, 2)
        .map((id) => adminRequest(stack.emu, 'POST', `${id}/restart?api-version=${GROUP_API}`)),
    ),
  );
  const lastPostMs = performance.now();
  let allIpsMs = 0;
  for (;;) {
    const resources = await stored(stack);
    const restarted = affected.flatMap((env) => env.groups.slice(0, 2));
    if (
      !allIpsMs &&
      restarted.every((id) => resources.get(id.toLowerCase())?.properties.ipAddress?.ip)
    )
      allIpsMs = performance.now();
    const running = (await durableApi(stack).list()).some(
      (s) => s.instanceId.startsWith('reconcile-') && s.runtimeStatus !== 'Completed',
    );
    if (!running && affected.every((env) => poolsFollow(env, resources))) break;
    await sleep(20);
  }
  const healedMs = performance.now();
  const to = await mark();
  const requests = inWindow(await requestLog(stack), from.iso, to.iso).filter(
    (r) => !/\/restart$/i.test(r.path),
  );
  const writes = requests.filter(isWrite);
  const gatewayPuts = writes.filter((r) => /\/applicationGateways\/[^/]+$/i.test(r.path));
  const lastGatewayPut = gatewayPuts
    .map((r) => Date.parse(r.at))
    .reduce((a, b) => Math.max(a, b), 0);
  return {
    affected,
    reads: requests.filter(isRead),
    writes,
    gatewayPuts,
    // The restart operations complete (and their events are raised) RESTART_OPERATION_MS after the POSTs.
    lastEventMs: lastPostMs - started + RESTART_OPERATION_MS * timeScale,
    allIpsMs: allIpsMs - started,
    lastPutMs: lastGatewayPut - from.ms,
    healedMs: healedMs - started,
  };
}

const emulatorSeconds = (realMs: number) => `${(realMs / 1000 / timeScale).toFixed(0)} s`;

function report(
  t: Awaited<ReturnType<typeof tick>>,
  b: Awaited<ReturnType<typeof burst>>,
): string[] {
  const readsPerHour = t.reads.length * (3600 / TIMER_PERIOD_S);
  const networkReads = t.reads.filter((r) => providerOf(r) === 'Microsoft.Network').length;
  const putsPerEnv = countBy(b.gatewayPuts, (r) => environmentOf(r) ?? '?');
  const affectedNames = new Set(b.affected.map((e) => e.spec.name));
  const elsewhere = b.writes.filter((r) => !affectedNames.has(environmentOf(r) ?? ''));
  const perEnv = b.affected.map((e) => putsPerEnv.get(e.spec.name) ?? 0);
  return [
    `${environments} environments × 4 container groups, time scale ${timeScale}`,
    '',
    'one timer tick:',
    `  ARM reads ${t.reads.length} (${(t.reads.length / environments).toFixed(1)} per environment): ${describeCounts(countBy(t.reads, kindOf))}`,
    `  ARM writes ${t.writes.length} (goal 0: nothing changed)`,
    `  duration until every reconcile completed: ${t.ms.toFixed(0)} ms real`,
    '',
    `restart burst: ${BURST_ENVIRONMENTS} environments, 2 ARM restarts each, ${PLATFORM_RESTARTS} platform restarts:`,
    `  gateway PUTs per affected environment: min ${Math.min(...perEnv)}, max ${Math.max(...perEnv)} (goal 1)`,
    `  writes: ${describeCounts(countBy(b.writes, kindOf))}; to unaffected environments: ${elsewhere.length} (goal 0)`,
    `  ARM reads during the burst: ${b.reads.length} (${describeCounts(countBy(b.reads, kindOf))})`,
    `  last event ${emulatorSeconds(b.lastEventMs)} after the burst began, every new IP at ${emulatorSeconds(b.allIpsMs)}`,
    `  pools written (last gateway PUT sent) ${emulatorSeconds(b.lastPutMs - b.lastEventMs)} after the last event, ${emulatorSeconds(b.lastPutMs - b.allIpsMs)} after the last new IP`,
    `  pools served (every gateway PUT completed) ${emulatorSeconds(b.healedMs - b.lastEventMs)} after the last event (a gateway PUT takes minutes in Azure)`,
    '',
    `the timer alone at its default schedule (every ${TIMER_PERIOD_S / 60} minutes), against ${THROTTLING_PAGE}:`,
    `  ARM reads per hour: ${readsPerHour} = ${percent(readsPerHour, ARM_READS_PER_HOUR)} of the ${ARM_READS_PER_HOUR} an hour the subscription read bucket refills (${ARM_READS.refillPerSecond}/s per subscription, principal and region)`,
    `  one tick's ${t.reads.length} reads fit the ${ARM_READS.bucket}-token bucket if spread over at least ${minimumSpreadSeconds(t.reads.length, ARM_READS).toFixed(0)} s`,
    `  Microsoft.Network reads per tick (5 minutes): ${networkReads} = ${percent(networkReads, NETWORK_READS_PER_5_MIN)} of ${NETWORK_READS_PER_5_MIN} per 5 minutes`,
    `  burst writes: ${b.writes.length} = ${percent(b.writes.length, ARM_WRITES.bucket)} of the ${ARM_WRITES.bucket}-token write bucket; Microsoft.Network writes ${b.writes.filter((r) => providerOf(r) === 'Microsoft.Network').length} of ${NETWORK_WRITES_PER_5_MIN} per 5 minutes`,
    '',
  ];
}

if (!toolPath('pebble')) {
  process.stdout.write('reconcile scale needs pebble (apt-get install pebble); nothing measured\n');
  process.exit(0);
}
const stack = await startLocalStack({ publicZones: [], timeScale });
try {
  const seeded = await seed(stack);
  const t = await tick(stack);
  const b = await burst(stack, seeded);
  process.stdout.write(report(t, b).join('\n'));
} finally {
  await stack.stop();
}

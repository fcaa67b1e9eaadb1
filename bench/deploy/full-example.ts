// The deployment of examples/full.json on the local stack, with the emulator's latency model (each
// resource type's create/update/delete time in Azure, times the time scale):
// - wall time, sum of stage times, the critical path of the stage graph and its stages, wall ÷
//   critical path, and the projection to Azure (wall ÷ time scale);
// - Application Gateway PUTs and every state-changing request the deployment made;
// - the local stack's own time (the same deployment at a hundredth of the time scale, where
//   Azure's latencies all but vanish) and the projection without it;
// - a second run of the same spec: its writes (goal 0).
// Stage times come from the deployment's own status (`GET /api/environments/{name}`): each stage's
// start and end in the orchestration's clock.
// The environment is prepared as `azd provision` leaves one listed in `preparedEnvironments`
// (its gateway identity and that identity's grant exist and apply already); `--unprepared`
// deploys into a group prepared only with the app's rights, where the gateway-configuration stage
// waits for the grant the deployment makes.
// Run: node --import tsx bench/deploy/full-example.ts [timeScale] [--unprepared]   (default 0.01)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { latencyModel, type RequestLogEntry } from '../../local/emulator/index.js';
import { criticalPath } from '../../src/provisioning/critical-path.js';
import { stageGraph, type StageName } from '../../src/provisioning/stage-graph.js';
import { buildPlan } from '../../src/plan/index.js';
import { parseSpec } from '../../src/spec/index.js';
import { adminRequest } from '../../test/support/admin.js';
import { repoRoot, startLocalStack, type LocalStack } from '../../test/support/local-stack.js';
import { exampleInput } from '../../test/support/specs.js';

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [scaleArgument] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = flags.filter((f) => !['--unprepared', '--local-time'].includes(f));
if (unknown.length > 0) {
  console.error(`unknown option ${unknown.join(', ')}; the options are --unprepared`);
  process.exit(2);
}
const prepared = !flags.includes('--unprepared');
const timeScale = Number(scaleArgument ?? 0.01);
if (!(timeScale > 0 && timeScale <= 1)) {
  console.error(`time scale must be a number in (0, 1], not ${scaleArgument}`);
  process.exit(2);
}
if (!existsSync(join(repoRoot, 'dist', 'image-contexts'))) {
  console.error('the image build contexts are missing: run `npm run build:images` first');
  process.exit(2);
}

interface StageStatus {
  stage: StageName;
  state: string;
  startedAt?: string;
  endedAt?: string;
}

const spec = exampleInput('full');
const parsed = parseSpec(spec);
if (!parsed.ok) throw new Error('examples/full.json does not parse');
const example = parsed.spec;
const graph = stageGraph(buildPlan(example));
const environment = example.name;

async function deploy(stack: LocalStack): Promise<{ stages: StageStatus[]; wallMs: number }> {
  const started = performance.now();
  const answer = await stack.api('POST', '/api/environments', spec);
  if (answer.status !== 202) throw new Error(`deploy answered ${answer.status}`);
  for (;;) {
    const { body } = await stack.api('GET', `/api/environments/${environment}`);
    const status = body as { runtimeStatus: string; stages: StageStatus[] };
    if (!['Running', 'Pending'].includes(status.runtimeStatus)) {
      if (status.runtimeStatus !== 'Completed')
        throw new Error(`deployment ended ${status.runtimeStatus}: ${JSON.stringify(status)}`);
      return { stages: status.stages, wallMs: performance.now() - started };
    }
    await sleep(20);
  }
}

async function requestLog(stack: LocalStack): Promise<RequestLogEntry[]> {
  return (await adminRequest(stack.emu, 'GET', '/_emulator/requests')).value as RequestLogEntry[];
}

const min = (ms: number) => `${(ms / timeScale / 60_000).toFixed(1)} min`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A local stack with the example's public zone, its resource group and the app's rights in it. */
function stackAt(scale: number): Promise<LocalStack> {
  return startLocalStack({
    timeScale: scale,
    publicZones: [
      {
        subscriptionId: example.subscriptionId,
        resourceGroup: 'rg-dns',
        zone: 'contoso.example',
      },
    ],
    // The resource group and the app's rights in it, as `azd provision` (infra/) left them.
    provisioned: [
      {
        subscriptionId: example.subscriptionId,
        resourceGroup: example.resourceGroup,
        location: example.location,
        preparedEnvironments: prepared ? [example.name] : [],
      },
    ],
  });
}

/** From the first stage's start to the last stage's end, in the orchestration's clock. */
function orchestratedMs(stages: readonly StageStatus[]): number {
  return (
    Math.max(...stages.map((s) => Date.parse(s.endedAt ?? ''))) -
    Math.min(...stages.map((s) => Date.parse(s.startedAt ?? '')))
  );
}

// The same deployment at a hundredth of the time scale: what is left is the local stack's own
// time (Durable dispatch, Pebble's ACME exchange, key generation), which does not shrink with the
// time scale but is divided by it in the projection. In a process of its own: the app keeps its
// ARM clients per process, and a second stack in this one would find them bound to the first.
const quickScale = timeScale / 100;
if (flags.includes('--local-time')) {
  const quick = await stackAt(timeScale);
  try {
    console.log(`local-time-ms ${orchestratedMs((await deploy(quick)).stages)}`);
  } finally {
    await quick.stop();
  }
  process.exit(0);
}
const localRun = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    String(quickScale),
    '--local-time',
    ...(prepared ? [] : ['--unprepared']),
  ],
  { encoding: 'utf8' },
);
const localMs = Number(/^local-time-ms (\d+(?:\.\d+)?)$/m.exec(localRun.stdout)?.[1]);
if (localRun.status !== 0 || Number.isNaN(localMs)) {
  console.error(`the deployment at time scale ${quickScale} failed:\n${localRun.stderr}`);
  process.exit(1);
}

const stack = await stackAt(timeScale);
try {
  const before = (await requestLog(stack)).length;
  const first = await deploy(stack);
  const writes = (await requestLog(stack)).slice(before).filter((r) => r.changedState);
  const durations = new Map(
    first.stages.map((s) => [s.stage, Date.parse(s.endedAt ?? '') - Date.parse(s.startedAt ?? '')]),
  );
  const orchestrated = orchestratedMs(first.stages);
  const path = criticalPath(graph, durations);
  const sum = [...durations.values()].reduce((a, b) => a + b, 0);
  console.log(`examples/full.json on the local stack at time scale ${timeScale}`);
  console.log(
    prepared
      ? 'environment prepared by azd provision (preparedEnvironments): its gateway identity and grant exist already'
      : 'environment not prepared (--unprepared): the deployment makes the gateway identity and its grant',
  );
  console.log(`stages (real time; Azure time = real ÷ ${timeScale}):`);
  for (const s of first.stages) {
    const ms = durations.get(s.stage) ?? 0;
    console.log(`  ${s.stage.padEnd(20)} ${secs(ms).padStart(9)}  ≈ ${min(ms)}`);
  }
  console.log(`wall time (first stage start to last end): ${secs(orchestrated)}`);
  console.log(`wall time (request to completion seen):    ${secs(first.wallMs)}`);
  console.log(`sum of stage times: ${secs(sum)}`);
  console.log(`critical path: ${secs(path.ms)}: ${path.stages.join(' → ')}`);
  console.log(`wall ÷ critical path: ${(orchestrated / path.ms).toFixed(2)} (goal ≤ 1.15)`);
  // Every stage waits for resource-providers (first): without it, as in a subscription that has
  // the namespaces registered already, the deployment is shorter by exactly its time.
  const registration = durations.get('resource-providers') ?? 0;
  console.log(
    `projected to Azure: ${min(orchestrated)} in a fresh subscription; ${min(orchestrated - registration)} without the resource-provider registration (goal ≤ 10 min)`,
  );
  // wall = Azure time × scale + local time, at both scales: Azure time is what the scales differ by.
  const azureMs = (orchestrated - localMs) / (timeScale - quickScale);
  console.log(
    `local stack's own time (the same deployment at time scale ${quickScale}): ${secs(localMs)}, projected as ${min(localMs)} above`,
  );
  console.log(
    `projected to Azure without it: ${(azureMs / 60_000).toFixed(1)} min in a fresh subscription; ${((azureMs - registration / timeScale) / 60_000).toFixed(1)} min without the registration`,
  );
  const gatewayPuts = writes.filter(
    (r) => r.method === 'PUT' && /\/applicationGateways\/[^/]+$/i.test(r.path.split('?')[0] ?? ''),
  );
  console.log(`Application Gateway PUTs: ${gatewayPuts.length}`);
  console.log(`state-changing requests: ${writes.length}`);
  const estimates = latencyModel().filter((row) => row.kind === 'estimate');
  console.log(
    `latencies of the model that are estimates (${estimates.length}; local/emulator/arm/latencies.ts):`,
  );
  for (const row of estimates) console.log(`  ${row.what}: ${row.figures}`);

  const beforeSecond = (await requestLog(stack)).length;
  const second = await deploy(stack);
  const rewrites = (await requestLog(stack)).slice(beforeSecond).filter((r) => r.changedState);
  console.log(
    `second run of the same spec: ${rewrites.length} state-changing requests (goal 0), wall ${secs(second.wallMs)}`,
  );
  for (const r of rewrites) console.log(`  ${r.method} ${r.path}`);
} finally {
  await stack.stop();
}

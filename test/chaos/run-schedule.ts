// Runs one chaos schedule on a shared local stack: deploys its environment, changes it (a new
// web image, so every group rolls) and lets the reconciler work, with the schedule's faults
// injected along the way; then deploys once more without faults and checks the properties
// (properties.ts). Answers what went wrong, never throws for a property.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { instanceIdOf } from '../../src/environments/index.js';
import { adminRequest } from '../support/admin.js';
import type { DeploymentStatus } from '../support/deployments.js';
import { until } from '../support/eventually.js';
import type { LocalStack } from '../support/local-stack.js';
import { specWith, withImportedImages } from '../support/specs.js';
import { deployOrCrashed, hostDown, SUBSCRIPTION, throughCrashes } from './deployments.js';
import { checkProperties } from './properties.js';
import type { ArmFault, EventFault, Schedule } from './schedule.js';

export interface ScheduleResult {
  seed: number;
  problems: string[];
  /** From the last fault to the environment converged (the fault-free deployment done). */
  convergedMs: number;
}

export function scheduleSpec(s: Schedule, web = '3'): Record<string, unknown> {
  return specWith(
    {
      name: s.environment,
      subscriptionId: SUBSCRIPTION,
      resourceGroup: `rg-${s.environment}`,
      dns: { publicZone: 'contoso.example', publicZoneResourceGroup: 'rg-dns' },
      gateway: { hostName: `${s.environment}.contoso.example` },
      // Two app groups, so a roll has one to keep serving; no dashboard, to keep each schedule short.
      app: {
        instances: 2,
        images: { web: `mcr.microsoft.com/aci-vnet-sidecars/web@sha256:${web.repeat(64)}` },
      },
      dashboard: { enabled: false },
    },
    withImportedImages(specWith({})),
  );
}

const groupPath = (s: Schedule, n: number) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${s.environment}/providers/Microsoft.ContainerInstance/containerGroups/ci-${s.environment}-app-${n}`;

async function arm(stack: LocalStack, s: Schedule, faults: readonly ArmFault[]): Promise<void> {
  for (const f of faults)
    await adminRequest(stack.emu, 'POST', '/_emulator/faults', {
      scenario: f.scenario,
      method: f.method,
      pathPattern: `/resourceGroups/rg-${s.environment}/providers/.*${f.target}$`,
      count: f.count,
    });
}

/** An Event Grid event about one of the environment's groups, as the emulator publishes them. */
function groupEvent(s: Schedule, subject: string, action: 'restart' | 'write') {
  const restart = action === 'restart';
  return {
    id: randomUUID(),
    topic: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-${s.environment}`,
    subject,
    eventType: restart
      ? 'Microsoft.Resources.ResourceActionSuccess'
      : 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: new Date().toISOString(),
    data: {
      resourceUri: subject,
      operationName: `Microsoft.ContainerInstance/containerGroups/${restart ? 'restart/action' : 'write'}`,
      status: 'Succeeded',
      subscriptionId: SUBSCRIPTION,
    },
    dataVersion: '',
    metadataVersion: '1',
  };
}

async function deliver(stack: LocalStack, events: readonly unknown[]): Promise<void> {
  const url = `${stack.host.url}/runtime/webhooks/eventgrid?functionName=onContainerGroupEvent`;
  await throughCrashes(async () => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: JSON.stringify(events),
      signal: AbortSignal.timeout(30_000),
    });
    await answer.text();
  });
}

/** What Event Grid does wrong to this environment: replays, ghosts, late deliveries. */
async function misdeliver(stack: LocalStack, s: Schedule, fault: EventFault): Promise<void> {
  if (fault.kind === 'ghost') return deliver(stack, [groupEvent(s, groupPath(s, 9), 'restart')]);
  if (fault.kind === 'late') {
    await sleep(fault.afterMs);
    return deliver(stack, [groupEvent(s, groupPath(s, 1), 'restart')]);
  }
  const log = (await adminRequest(stack.emu, 'GET', '/_emulator/state')).deliveries as {
    eventType: string;
    subject: string;
  }[];
  const past = log
    .filter((d) => d.subject.toLowerCase().includes(`/rg-${s.environment}/`))
    .map((d) =>
      groupEvent(s, d.subject, d.eventType.endsWith('ActionSuccess') ? 'restart' : 'write'),
    )
    .reverse();
  for (const event of past) await deliver(stack, [event, event]);
}

async function restart(stack: LocalStack, s: Schedule, group: number, kind: 'arm' | 'platform') {
  const id = groupPath(s, group);
  // A group the faults kept from being created yet has nothing to restart.
  const restarted =
    kind === 'platform'
      ? adminRequest(stack.emu, 'POST', '/_emulator/platform/restart', { containerGroupId: id })
      : adminRequest(stack.emu, 'POST', `${id}/restart?api-version=2023-05-01`);
  await restarted.catch((error: Error) => {
    if (!/: 404 /.test(error.message)) throw error;
  });
}

/** A deployment with a host crash `afterMs` into it when asked; its final status. */
async function deployWithCrash(
  stack: LocalStack,
  s: Schedule,
  spec: Record<string, unknown>,
  crashAfterMs: number | undefined,
  alongside: () => Promise<void> = () => Promise.resolve(),
): Promise<DeploymentStatus> {
  const crash =
    crashAfterMs === undefined ? undefined : sleep(crashAfterMs).then(() => stack.crashHost());
  const [status] = await Promise.all([deployOrCrashed(stack, s, spec), crash, alongside()]);
  return status;
}

export async function runSchedule(stack: LocalStack, s: Schedule): Promise<ScheduleResult> {
  const problems: string[] = [];
  const startedAt = new Date().toISOString();
  const crashIn = (during: 'deploy' | 'change') =>
    s.crash?.during === during ? s.crash.afterMs : undefined;

  await arm(stack, s, s.deployFaults);
  // A fault may fail a stage for good (a retry budget spent): the next deployment must mend it,
  // so the outcome of this one is not a property.
  const first = await deployWithCrash(stack, s, scheduleSpec(s), crashIn('deploy'));

  await arm(stack, s, s.changeFaults);
  const changed = scheduleSpec(s, '5');
  const change = await deployWithCrash(stack, s, changed, crashIn('change'), async () => {
    for (const r of s.restarts) await restart(stack, s, r.group, r.kind);
    for (const e of s.events) await misdeliver(stack, s, e);
  });
  // Platform restarts tell nobody: the reconcile timer finds them.
  if (s.restarts.some((r) => r.kind === 'platform'))
    await throughCrashes(() => stack.fire('reconcileTimer'));

  // A change that a fault failed for good is posted again, as its user would; faults not met yet
  // stay armed and are met there like any other. One that completed converges by itself (the
  // reconciler heals what the restarts and events left), which the properties then check.
  const faultsOver = Date.now();
  if (change.runtimeStatus !== 'Completed') {
    const final = await deployOrCrashed(stack, s, changed);
    if (final.runtimeStatus !== 'Completed')
      problems.push(
        `the change posted again ended ${final.runtimeStatus}: ${JSON.stringify(
          final.stages.filter((st) => st.state === 'failed'),
        )}`,
      );
  }
  await until(async () => (await idle(stack, s)) === undefined, {
    deadlineMs: 60_000,
    what: `every orchestration of ${s.environment} to end`,
  }).catch(async () => problems.push(`still running: ${await idle(stack, s)}`));
  const convergedMs = Date.now() - faultsOver;
  const found = await checkProperties(stack, s, changed, startedAt);
  problems.push(...found);
  // What the deployments ended as, to read a failure by.
  if (found.length > 0)
    problems.push(
      `(the first deployment ended ${first.runtimeStatus}${failedStages(first)}, the change ${change.runtimeStatus}${failedStages(change)})`,
    );
  return { seed: s.seed, problems, convergedMs };
}

/** The failed stages of a deployment and why, for a report. */
function failedStages(status: DeploymentStatus): string {
  const failed = status.stages.filter((st) => st.state === 'failed');
  return failed.length > 0
    ? ` at ${failed.map((st) => `${st.stage}: ${st.error?.message ?? ''}`).join('; ')}`
    : '';
}

/** The environment's orchestrations still running, or undefined when none is. */
async function idle(stack: LocalStack, s: Schedule): Promise<string | undefined> {
  const running = [];
  for (const role of ['deployment', 'reconcile', 'renewal'] as const) {
    const id = instanceIdOf(role, s.environment);
    // The host may be down a moment (another schedule's crash): not known yet, so not idle.
    const answer = await stack.durable(id).catch((error: unknown) => {
      if (hostDown(error)) return undefined;
      throw error;
    });
    if (!answer) return 'the host is restarting';
    const status = answer.body?.runtimeStatus;
    if (typeof status !== 'string') continue;
    if (['Running', 'Pending'].includes(status)) running.push(`${id} ${status}`);
  }
  return running.length > 0 ? running.join(', ') : undefined;
}

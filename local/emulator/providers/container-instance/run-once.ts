// Container groups that run once (`restartPolicy: Never`): their containers run, then terminate
// with an exit code, and the group ends `Succeeded` or `Failed`.
//
// "Never: Containers in the container group are never restarted when the container process exits
// successfully (exit code 0)" and "When Azure Container Instances stops a container whose restart
// policy is `Never` or `OnFailure`, the container's status is set to **Terminated**"
// (container-instances-restart-policy.md). Group states: "Succeeded: The container group ran to
// completion successfully. Only applicable for *Never* and *On Failure* restart policies" and
// "Failed: The container group failed to run to completion. Only applicable with a *Never* restart
// policy … user application failure"; a container's "Terminated: The container terminated,
// accompanied with an exit code value" (container-state.md).
//
// The emulator runs no process. What a container "did" is an outcome set through the admin API
// (`POST /_emulator/container-instance/outcomes`): an exit code and a log. Without one, a container
// exits 0 and its log says that the emulator ran nothing. When a local container runtime runs the
// containers (`externalContainerRuntime`, local/runtime), no timer ends the run: the runtime
// reports each container's real exit (`POST /_emulator/container-instance/exits`), and the group
// ends once every container has. Inferred, because no page says: how long
// the task runs (RUN_MS, time-scaled), `detailStatus` `Completed` / `Error`, and that the group keeps
// its address until it is deleted. Not modelled: OnFailure's restarts, and the platform restarting
// a Never container after a nonzero exit ("the container might still be restarted by the
// platform", same page).
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { OPERATION_LATENCIES } from '../../arm/latencies.js';

const TYPE = 'Microsoft.ContainerInstance/containerGroups';

/** The internal operation that ends a run-once group's containers; never an ARM operation. */
export const RUN_ONCE_EXIT_OPERATION = `${TYPE}/run/exit`;

/** How long an emulated task runs once its group is provisioned (inferred; time-scaled). */
export const RUN_MS = OPERATION_LATENCIES.runOnceTask.ms;

export interface ContainerOutcome {
  exitCode: number;
  log: string;
}

interface RunOnceState {
  /** By `<group id>/<container>` (lower case): what the next runs of that container end with. */
  outcomes: Map<string, ContainerOutcome>;
  /** By `<group id>/<container>` (lower case): the log of the container's last run. */
  logs: Map<string, string>;
  /** By group id (lower case): the containers a local runtime reported exited in this run. */
  exited: Map<string, Set<string>>;
}

/**
 * Kept beside the state's resources map, so an emulator reset (which replaces it) forgets these
 * too, as recreated-address.ts does.
 */
const runOnceStates = new WeakMap<object, RunOnceState>();

function runOnceState(ctx: EmulatorContext): RunOnceState {
  let state = runOnceStates.get(ctx.state.resources);
  if (!state) {
    state = { outcomes: new Map(), logs: new Map(), exited: new Map() };
    runOnceStates.set(ctx.state.resources, state);
  }
  return state;
}

const containerKey = (groupId: string, container: string) =>
  `${groupId}/${container}`.toLowerCase();

export function runsOnce(group: ArmResource): boolean {
  const policy = properties(group).restartPolicy;
  return typeof policy === 'string' && policy.toLowerCase() === 'never';
}

/** The outcome every later run of a group's container ends with. */
export function setOutcome(
  ctx: EmulatorContext,
  groupId: string,
  container: string,
  outcome: ContainerOutcome,
): void {
  runOnceState(ctx).outcomes.set(containerKey(groupId, container), outcome);
}

function outcomeOf(ctx: EmulatorContext, groupId: string, container: string): ContainerOutcome {
  return (
    runOnceState(ctx).outcomes.get(containerKey(groupId, container)) ?? {
      exitCode: 0,
      log: `${container}: the Azure emulator runs no process, so nothing ran in this container; it reports exit code 0 (set an exit code and a log with POST /_emulator/container-instance/outcomes)\n`,
    }
  );
}

/** The log of a container's last run: empty while it has not run (or for groups that never end). */
export function containerLog(ctx: EmulatorContext, groupId: string, container: string): string {
  return runOnceState(ctx).logs.get(containerKey(groupId, container)) ?? '';
}

/** Called once a run-once group's containers run: they exit after RUN_MS. */
export function scheduleExit(ctx: EmulatorContext, group: ArmResource): void {
  cancelExit(ctx, group.id);
  runOnceState(ctx).exited.delete(group.id.toLowerCase());
  // A local runtime runs the containers for real and reports when each one ends.
  if (ctx.config.externalContainerRuntime) return;
  ctx.startOperation({
    name: RUN_ONCE_EXIT_OPERATION,
    resourceId: group.id,
    durationMs: RUN_MS * ctx.config.timeScale,
    complete: () => {
      // A group deleted or replaced meanwhile is not this object any more.
      if (getResource(ctx, group.id) === group) markExited(ctx, group);
    },
  });
}

/** Cancels a pending exit: the group is stopped, deleted or PUT again. */
export function cancelExit(ctx: EmulatorContext, groupId: string): void {
  const id = groupId.toLowerCase();
  for (const op of [...ctx.state.operations.values()]) {
    if (
      op.name === RUN_ONCE_EXIT_OPERATION &&
      op.status === 'InProgress' &&
      op.resourceId.toLowerCase() === id
    ) {
      ctx.cancelOperation(op.id, {
        code: 'Canceled',
        message: `The run of container group '${groupId.split('/').at(-1) ?? ''}' was canceled by a later operation on it.`,
      });
    }
  }
}

export interface ExitProblem {
  status: 404 | 409;
  code: string;
  message: string;
}

/**
 * A local container runtime reports that a container of a running run-once group exited; the
 * group ends (Succeeded or Failed, markExited) once all its containers have.
 */
export function reportExit(
  ctx: EmulatorContext,
  groupId: string,
  container: string,
  outcome: ContainerOutcome,
): ExitProblem | undefined {
  const group = getResource(ctx, groupId);
  if (!group || group.type !== TYPE) {
    return {
      status: 404,
      code: 'ResourceNotFound',
      message: `Container group '${groupId}' was not found.`,
    };
  }
  const names = containerNames(group);
  const state = (properties(group).instanceView as { state?: string } | undefined)?.state;
  if (!runsOnce(group) || state !== 'Running' || !names.includes(container)) {
    return {
      status: 409,
      code: 'ContainerNotRunning',
      message: `Container '${container}' of group '${group.name}' is not a running container of a run-once group.`,
    };
  }
  setOutcome(ctx, group.id, container, outcome);
  const key = group.id.toLowerCase();
  const exited = runOnceState(ctx).exited.get(key) ?? new Set<string>();
  exited.add(container);
  runOnceState(ctx).exited.set(key, exited);
  if (names.every((name) => exited.has(name))) {
    runOnceState(ctx).exited.delete(key);
    markExited(ctx, group);
  }
  return undefined;
}

function containerNames(group: ArmResource): string[] {
  const containers = properties(group).containers;
  return Array.isArray(containers) ? (containers as Container[]).map((c) => c.name ?? '') : [];
}

/** Forgets the logs of a deleted group's containers. */
export function forgetLogs(ctx: EmulatorContext, groupId: string): void {
  const prefix = `${groupId.toLowerCase()}/`;
  for (const key of [...runOnceState(ctx).logs.keys()])
    if (key.startsWith(prefix)) runOnceState(ctx).logs.delete(key);
}

type Container = { name?: string; properties?: Record<string, unknown> };

function markExited(ctx: EmulatorContext, group: ArmResource): void {
  const at = new Date(ctx.clock.now()).toISOString();
  const containers = properties(group).containers;
  const list = Array.isArray(containers) ? (containers as Container[]) : [];
  let failed = false;
  for (const c of list) {
    const name = c.name ?? '';
    const outcome = outcomeOf(ctx, group.id, name);
    failed ||= outcome.exitCode !== 0;
    runOnceState(ctx).logs.set(containerKey(group.id, name), outcome.log);
    const view = c.properties?.instanceView as
      { restartCount?: number; currentState?: { startTime?: string } } | undefined;
    c.properties = {
      ...c.properties,
      instanceView: {
        restartCount: view?.restartCount ?? 0,
        currentState: {
          state: 'Terminated',
          exitCode: outcome.exitCode,
          detailStatus: outcome.exitCode === 0 ? 'Completed' : 'Error',
          startTime: view?.currentState?.startTime ?? at,
          finishTime: at,
        },
        events: [
          {
            count: 1,
            firstTimestamp: at,
            lastTimestamp: at,
            name: 'Terminated',
            message: `Container ${name} terminated with exit code ${outcome.exitCode}`,
            type: outcome.exitCode === 0 ? 'Normal' : 'Warning',
          },
        ],
      },
    };
  }
  properties(group).instanceView = { state: failed ? 'Failed' : 'Succeeded', events: [] };
}

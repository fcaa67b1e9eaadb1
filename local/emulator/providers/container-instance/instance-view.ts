// Instance views of container groups: init containers run to completion first, then the
// containers run. Shapes follow the ContainerInstance 2023-05-01 API.
import { properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';

type Container = { name?: string; properties?: Record<string, unknown> };

function list(group: ArmResource, field: 'containers' | 'initContainers'): Container[] {
  const value = properties(group)[field];
  return Array.isArray(value) ? (value as Container[]) : [];
}

function restartCount(c: Container): number {
  const view = c.properties?.instanceView as { restartCount?: number } | undefined;
  return view?.restartCount ?? 0;
}

function event(name: string, message: string, at: string) {
  return { count: 1, firstTimestamp: at, lastTimestamp: at, name, message, type: 'Normal' };
}

export function markRunning(ctx: EmulatorContext, group: ArmResource, restarted: boolean): void {
  const started = new Date(ctx.clock.now()).toISOString();
  for (const init of list(group, 'initContainers')) {
    init.properties = {
      ...init.properties,
      instanceView: {
        restartCount: restarted ? restartCount(init) + 1 : restartCount(init),
        currentState: {
          state: 'Terminated',
          exitCode: 0,
          detailStatus: 'Completed',
          startTime: started,
          finishTime: started,
        },
        events: [event('Started', `Started container ${init.name ?? ''}`, started)],
      },
    };
  }
  for (const c of list(group, 'containers')) {
    const view = c.properties?.instanceView as
      { currentState?: { state?: string }; previousState?: unknown } | undefined;
    // After a restart's Pending phase, the state before it (set by markPending) is the previous one.
    const previous =
      view?.currentState?.state === 'Waiting' ? view.previousState : view?.currentState;
    c.properties = {
      ...c.properties,
      instanceView: {
        restartCount: restarted ? restartCount(c) + 1 : restartCount(c),
        currentState: { state: 'Running', startTime: started, detailStatus: '' },
        ...(restarted && previous && typeof previous === 'object'
          ? { previousState: { finishTime: started, ...previous, state: 'Terminated' } }
          : {}),
        events: [event('Started', `Started container ${c.name ?? ''}`, started)],
      },
    };
  }
  properties(group).instanceView = { state: 'Running', events: [] };
}

/**
 * A restarted group before its containers run again: the group `Pending` ("waiting to initialize
 * (finish running init containers ...)") and every container `Waiting` ("waiting to run. This
 * state indicates either init containers are still running, or ..."), container-state.md.
 */
export function markPending(ctx: EmulatorContext, group: ArmResource): void {
  const at = new Date(ctx.clock.now()).toISOString();
  for (const c of [...list(group, 'initContainers'), ...list(group, 'containers')]) {
    const view = c.properties?.instanceView as
      { currentState?: Record<string, unknown>; events?: unknown } | undefined;
    c.properties = {
      ...c.properties,
      instanceView: {
        restartCount: restartCount(c),
        currentState: { state: 'Waiting', detailStatus: '' },
        ...(view?.currentState
          ? { previousState: { ...view.currentState, state: 'Terminated', finishTime: at } }
          : {}),
        events: [],
      },
    };
  }
  properties(group).instanceView = { state: 'Pending', events: [] };
}

export function markStopped(ctx: EmulatorContext, group: ArmResource): void {
  const at = new Date(ctx.clock.now()).toISOString();
  for (const c of [...list(group, 'initContainers'), ...list(group, 'containers')]) {
    c.properties = {
      ...c.properties,
      instanceView: {
        restartCount: restartCount(c),
        currentState: { state: 'Terminated', detailStatus: 'Stopped', finishTime: at },
        events: [],
      },
    };
  }
  properties(group).instanceView = { state: 'Stopped', events: [] };
}

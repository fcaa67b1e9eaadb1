// The durable runtime of the local host. Each instance has a serial queue of episodes; work an
// episode schedules (activities, timers, sub-orchestrations) starts only after the episode is on
// disk, and its result comes back as an fsync'd inbox message before the next episode reads it.
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../logs.js';
import type { Registry } from '../registry.js';
import type { Clock, FunctionRegistration, HostLogger } from '../types.js';
import type { EpisodePlan, Job } from './episode-plan.js';
import { episodeInput } from './episode-input.js';
import type { HistoryEvent, ParentInstance } from './history-events.js';
import { historyEvent } from './history-events.js';
import {
  childOutcomeEvent,
  entityNotFoundEvent,
  hasAnswer,
  isChildOf,
  terminationEpisode,
} from './instance-events.js';
import type { HistoryStore, InstanceSnapshot, StoreRecord } from './history-store.js';
import { terminalStatuses } from './history-store.js';
import { InstanceLocks } from './instance-lock.js';
import { pendingJobs } from './pending-work.js';
import { LiveInstance } from './live-instance.js';
import { runOrchestrator } from './run-orchestrator.js';
import { runActivity } from './run-activity.js';
import { EntityRunner } from './entity-runner.js';
import type { EntityResponse, EntityStore } from './entity-store.js';

export interface EngineDeps {
  readonly registry: Registry;
  readonly store: HistoryStore;
  readonly entityStore: EntityStore;
  readonly clock: Clock;
  readonly logger: HostLogger;
  readonly inputsFor: (fn: FunctionRegistration) => Record<string, unknown>;
  /** Log only failed invocations (the bench). */
  readonly quiet?: boolean;
}

export type ControlResult = 'accepted' | 'notFound' | 'gone' | 'conflict';
export type StartResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class DurableEngine {
  readonly #deps: EngineDeps;
  readonly #live = new Map<string, LiveInstance>();
  readonly #locks = new InstanceLocks();
  readonly entities: EntityRunner;
  #stopped = false;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.entities = new EntityRunner({
      ...deps,
      store: deps.entityStore,
      respond: (response) => this.#deliverEntityResponse(response),
    });
  }

  /** Picks up every unfinished instance in the state dir that no live process holds. */
  resumeAll(): void {
    for (const id of this.#deps.store.instanceIds()) {
      try {
        const snapshot = this.#deps.store.load(id);
        if (!snapshot || terminalStatuses.has(snapshot.status)) continue;
        const live = this.#activate(id);
        if (typeof live === 'string')
          this.#deps.logger.error(`Durable instance ${id} not resumed: ${live}`);
      } catch (err) {
        this.#deps.logger.error(`Durable instance ${id} not resumed: ${errorMessage(err)}`);
      }
    }
    this.entities.resumeAll(this.#deps.entityStore.ids());
  }

  start(name: string, instanceId: string, input: string, parent?: ParentInstance): StartResult {
    const existing = this.status(instanceId);
    if (existing && !terminalStatuses.has(existing.status)) {
      return {
        ok: false,
        reason: `An instance with ID '${instanceId}' already exists and is ${existing.status}.`,
      };
    }
    const lock = this.#locks.acquire(this.#lockPath(instanceId));
    if (!lock.ok)
      return {
        ok: false,
        reason: `Instance '${instanceId}' is run by another host (pid ${lock.holder.pid}).`,
      };
    const started = historyEvent.executionStarted(this.#deps.clock.now(), {
      name,
      input,
      instanceId,
      executionId: randomUUID(),
      ...(parent ? { parent } : {}),
    });
    const record: StoreRecord = { k: 'msg', id: 0, event: started };
    this.#deps.store.create(instanceId, record);
    const live = this.#newLive(instanceId, [record]);
    this.#scheduleEpisode(instanceId, live);
    return { ok: true };
  }

  raiseEvent(instanceId: string, name: string, input: string): ControlResult {
    return this.#control(instanceId, (live) =>
      this.#post(live, historyEvent.eventRaised(this.#deps.clock.now(), name, input)),
    );
  }

  terminate(instanceId: string, reason: string): ControlResult {
    return this.#control(instanceId, (live) =>
      this.#post(live, historyEvent.executionTerminated(this.#deps.clock.now(), reason)),
    );
  }

  /** Deletes a finished instance's history. A running instance must be terminated first. */
  purge(instanceId: string): ControlResult {
    const snapshot = this.status(instanceId);
    if (!snapshot) return 'notFound';
    if (!terminalStatuses.has(snapshot.status)) return 'conflict';
    this.#deps.store.delete(instanceId);
    return 'accepted';
  }

  status(instanceId: string): InstanceSnapshot | undefined {
    return this.#live.get(instanceId)?.snapshot ?? this.#deps.store.load(instanceId);
  }

  list(): InstanceSnapshot[] {
    return this.#deps.store.instanceIds().flatMap((id) => {
      const snapshot = this.status(id);
      return snapshot ? [snapshot] : [];
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const live of this.#live.values()) live.clearTimers();
    await Promise.all([...this.#live.values()].map((l) => l.queue));
    await this.entities.stop();
    this.#live.clear();
    this.#locks.releaseAll();
  }

  #control(instanceId: string, act: (live: LiveInstance) => void): ControlResult {
    const snapshot = this.status(instanceId);
    if (!snapshot) return 'notFound';
    if (terminalStatuses.has(snapshot.status)) return 'gone';
    const live = this.#activate(instanceId);
    if (typeof live === 'string') return 'conflict';
    act(live);
    return 'accepted';
  }

  /** Makes an unfinished instance live in this engine: lock, repair, restart its pending work. */
  #activate(instanceId: string): LiveInstance | string {
    const current = this.#live.get(instanceId);
    if (current) return current;
    const lock = this.#locks.acquire(this.#lockPath(instanceId));
    if (!lock.ok) return `held by another host (pid ${lock.holder.pid})`;
    this.#deps.store.repair(instanceId);
    const live = this.#newLive(instanceId, this.#deps.store.records(instanceId) ?? []);
    for (const job of pendingJobs(live.snapshot)) this.#runJob(instanceId, live, job);
    if (live.snapshot.inbox.length > 0) this.#scheduleEpisode(instanceId, live);
    return live;
  }

  #newLive(instanceId: string, records: StoreRecord[]): LiveInstance {
    const live = new LiveInstance(instanceId, this.#deps.store, records);
    this.#live.set(instanceId, live);
    return live;
  }

  #post(live: LiveInstance, event: HistoryEvent, executionId?: string): void {
    if (this.#stopped || !live.post(event, executionId)) return;
    this.#scheduleEpisode(live.instanceId, live);
  }

  #scheduleEpisode(instanceId: string, live: LiveInstance): void {
    if (live.episodeQueued) return;
    live.episodeQueued = true;
    live.queue = live.queue
      .then(() => {
        live.episodeQueued = false;
        return this.#episode(instanceId, live);
      })
      .catch((err: unknown) => {
        this.#deps.logger.error(
          `Durable instance ${instanceId}: episode failed: ${errorMessage(err)}`,
        );
      });
  }

  async #episode(instanceId: string, live: LiveInstance): Promise<void> {
    const snap = live.snapshot;
    if (this.#stopped || terminalStatuses.has(snap.status) || snap.inbox.length === 0) return;
    const now = this.#deps.clock.now();
    const input = episodeInput(snap, now);
    if (input.kind === 'terminate') return this.#terminated(live, input.event, now);
    const { executionId, newEvents, history } = input;
    const plan = await runOrchestrator(this.#deps, instanceId, executionId, history, now);
    if (this.#stopped) return;
    const restart =
      plan.continueAsNew === undefined ? undefined : this.#restartEvent(live, plan.continueAsNew);
    live.append({
      k: 'episode',
      consumed: snap.inbox.map((m) => m.id),
      events: [...newEvents, ...plan.events, historyEvent.orchestratorCompleted(now)],
      status: plan.status,
      customStatus: plan.customStatus,
      output: plan.output,
      at: now.toISOString(),
      ...(restart ? { posts: [{ id: live.snapshot.nextMessageId, event: restart }] } : {}),
    });
    this.#afterEpisode(instanceId, live, plan, executionId);
  }

  /** continueAsNew: the next execution's start, written in the same record as the episode. */
  #restartEvent(live: LiveInstance, input: string): HistoryEvent {
    const snap = live.snapshot;
    return historyEvent.executionStarted(this.#deps.clock.now(), {
      name: snap.name,
      input,
      instanceId: live.instanceId,
      executionId: randomUUID(),
      ...(snap.parent ? { parent: snap.parent } : {}),
    });
  }

  #afterEpisode(
    instanceId: string,
    live: LiveInstance,
    plan: EpisodePlan,
    executionId: string,
  ): void {
    if (plan.continueAsNew !== undefined) {
      live.clearTimers();
      return this.#scheduleEpisode(instanceId, live);
    }
    if (terminalStatuses.has(plan.status)) return this.#finished(instanceId, live);
    for (const job of plan.jobs) this.#runJob(instanceId, live, job, executionId);
  }

  #terminated(live: LiveInstance, event: HistoryEvent, now: Date): void {
    live.append(terminationEpisode(live.snapshot, event, now));
    this.#finished(live.instanceId, live);
  }

  #finished(instanceId: string, live: LiveInstance): void {
    live.close();
    this.#live.delete(instanceId);
    this.#locks.release(this.#lockPath(instanceId));
    this.#notifyParent(live.snapshot);
  }

  #notifyParent(child: InstanceSnapshot): void {
    const event = childOutcomeEvent(child, this.#deps.clock.now());
    const parentId = child.parent?.OrchestrationInstance.InstanceId;
    if (!event || !parentId) return;
    const live = this.#activate(parentId);
    const executionId = child.parent?.OrchestrationInstance.ExecutionId;
    if (typeof live !== 'string') return this.#post(live, event, executionId);
    this.#deps.logger.error(
      `Sub-orchestration ${child.instanceId} finished; parent ${parentId} is ${live}.`,
    );
  }

  #runJob(
    instanceId: string,
    live: LiveInstance,
    job: Job,
    executionId = live.snapshot.executionId,
  ): void {
    const now = this.#deps.clock.now();
    switch (job.type) {
      case 'activity':
        void runActivity(job, this.#deps).then((event) => this.#post(live, event, executionId));
        return;
      case 'timer':
        return live.armTimer(job.id, job.fireAt, this.#deps.clock, () =>
          this.#post(
            live,
            historyEvent.timerFired(this.#deps.clock.now(), job.id, job.fireAt),
            executionId,
          ),
        );
      case 'subOrchestration':
        return this.#startChild(instanceId, live, job, executionId);
      case 'entity':
        return this.#sendToEntity(live, job, executionId);
      case 'failNow':
        return this.#post(
          live,
          historyEvent.taskFailed(now, job.id, job.reason, job.details),
          executionId,
        );
    }
  }

  #startChild(
    parentId: string,
    live: LiveInstance,
    job: Job & { type: 'subOrchestration' },
    executionId: string,
  ): void {
    const existing = this.status(job.instanceId);
    if (existing && isChildOf(existing, parentId, job.id)) {
      if (terminalStatuses.has(existing.status)) this.#notifyParent(existing);
      else this.#activate(job.instanceId);
      return;
    }
    const parent: ParentInstance = {
      Name: live.snapshot.name,
      OrchestrationInstance: { InstanceId: parentId, ExecutionId: executionId },
      TaskScheduleId: job.id,
    };
    const started = this.start(job.name, job.instanceId, job.input, parent);
    if (started.ok) return;
    const now = this.#deps.clock.now();
    this.#post(
      live,
      historyEvent.subOrchestrationFailed(now, job.id, started.reason, ''),
      executionId,
    );
  }

  #sendToEntity(live: LiveInstance, job: Job & { type: 'entity' }, executionId: string): void {
    if (this.entities.isRegistered(job.entity))
      return this.entities.enqueue(job.entity, job.request);
    if (job.request.signal) {
      this.#deps.logger.error(`Signal to ${job.entity} dropped: no such entity function.`);
      return;
    }
    const event = entityNotFoundEvent(this.#deps.clock.now(), job.request.id, job.entity);
    this.#post(live, event, executionId);
  }

  /** An entity's answer to callEntity, delivered once even if the entity sends it again. */
  #deliverEntityResponse(response: EntityResponse): void {
    const snapshot = this.status(response.instanceId);
    if (!snapshot || terminalStatuses.has(snapshot.status) || hasAnswer(snapshot, response)) return;
    const live = this.#activate(response.instanceId);
    if (typeof live === 'string') return;
    const now = this.#deps.clock.now();
    this.#post(live, historyEvent.eventRaised(now, response.requestId, response.message));
  }

  #lockPath(instanceId: string): string {
    return `${this.#deps.store.file(instanceId)}.lock`;
  }
}

// The durable runtime of the local host. Each instance has a serial queue of episodes; work an
// episode schedules (activities, timers) starts only after the episode is on disk, and its result
// comes back as an fsync'd inbox message before the next episode reads it.
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../logs.js';
import type { Registry } from '../registry.js';
import type { Clock, FunctionRegistration, HostLogger } from '../types.js';
import type { Job } from './episode-plan.js';
import { episodeInput, terminationEpisode } from './episode-input.js';
import type { HistoryEvent } from './history-events.js';
import { historyEvent } from './history-events.js';
import type { HistoryStore, InstanceSnapshot, StoreRecord } from './history-store.js';
import { terminalStatuses } from './history-store.js';
import { InstanceLocks } from './instance-lock.js';
import { pendingJobs } from './pending-work.js';
import { LiveInstance } from './live-instance.js';
import { runOrchestrator } from './run-orchestrator.js';
import { runActivity } from './run-activity.js';

export interface EngineDeps {
  readonly registry: Registry;
  readonly store: HistoryStore;
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
  #stopped = false;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
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
  }

  start(name: string, instanceId: string, input: string): StartResult {
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
    for (const job of pendingJobs(live.snapshot)) this.#runJob(live, job);
    if (live.snapshot.inbox.length > 0) this.#scheduleEpisode(instanceId, live);
    return live;
  }

  #newLive(instanceId: string, records: StoreRecord[]): LiveInstance {
    const live = new LiveInstance(instanceId, this.#deps.store, records);
    this.#live.set(instanceId, live);
    return live;
  }

  #post(live: LiveInstance, event: HistoryEvent): void {
    if (this.#stopped || !live.post(event)) return;
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
    const { newEvents, history } = input;
    const plan = await runOrchestrator(this.#deps, instanceId, history, now);
    if (this.#stopped) return;
    live.append({
      k: 'episode',
      consumed: snap.inbox.map((m) => m.id),
      events: [...newEvents, ...plan.events, historyEvent.orchestratorCompleted(now)],
      status: plan.status,
      customStatus: plan.customStatus,
      output: plan.output,
      at: now.toISOString(),
    });
    if (terminalStatuses.has(plan.status)) return this.#finished(instanceId, live);
    for (const job of plan.jobs) this.#runJob(live, job);
  }

  #terminated(live: LiveInstance, event: HistoryEvent, now: Date): void {
    live.append(terminationEpisode(live.snapshot, event, now));
    this.#finished(live.instanceId, live);
  }

  #finished(instanceId: string, live: LiveInstance): void {
    live.close();
    this.#live.delete(instanceId);
    this.#locks.release(this.#lockPath(instanceId));
  }

  #runJob(live: LiveInstance, job: Job): void {
    const now = this.#deps.clock.now();
    switch (job.type) {
      case 'activity':
        void runActivity(job, this.#deps).then((event) => this.#post(live, event));
        return;
      case 'timer':
        return live.armTimer(job.id, job.fireAt, this.#deps.clock, () =>
          this.#post(live, historyEvent.timerFired(this.#deps.clock.now(), job.id, job.fireAt)),
        );
      case 'failNow':
        return this.#post(live, historyEvent.taskFailed(now, job.id, job.reason, job.details));
    }
  }

  #lockPath(instanceId: string): string {
    return `${this.#deps.store.file(instanceId)}.lock`;
  }
}

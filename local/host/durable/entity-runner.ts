// Durable entities: each entity (`@name@key`) has a serial queue; pending operations run as one
// batch through the registered handler (durable-functions' Entity class), and the batch record
// (new state + responses owed) is on disk before any response is delivered. Requests are
// idempotent by id, so re-sending after a crash never applies an operation twice.
import { invoke } from '../invoke.js';
import { errorMessage } from '../logs.js';
import type { Registry } from '../registry.js';
import type { Clock, FunctionRegistration, HostLogger } from '../types.js';
import type {
  EntityRecord,
  EntityRequest,
  EntityResponse,
  EntitySignal,
  EntitySnapshot,
  EntityStore,
} from './entity-store.js';
import { foldEntity } from './entity-store.js';

export interface EntityDeps {
  readonly registry: Registry;
  readonly store: EntityStore;
  readonly clock: Clock;
  readonly logger: HostLogger;
  readonly inputsFor: (fn: FunctionRegistration) => Record<string, unknown>;
  readonly quiet?: boolean;
  readonly respond: (response: EntityResponse) => void;
}

/** What durable-functions' Entity handler returns (entities/EntityState.js). */
interface EntityStateResult {
  readonly entityExists: boolean;
  readonly entityState?: string;
  readonly results: readonly ({ isError: boolean; result?: string } | undefined)[];
  readonly signals: readonly {
    target: { name: string; key: string };
    name: string;
    input?: string;
  }[];
}

interface LiveEntity {
  records: EntityRecord[];
  snapshot: EntitySnapshot;
  queue: Promise<void>;
  queued: boolean;
}

/** `@name@key`, the scheduler id durable-functions uses (name lower-cased). */
export function schedulerId(name: string, key: string): string {
  return `@${name.toLowerCase()}@${key}`;
}

export function parseSchedulerId(id: string): { name: string; key: string } {
  const at = id.indexOf('@', 1);
  return { name: id.slice(1, at), key: id.slice(at + 1) };
}

export class EntityRunner {
  readonly #deps: EntityDeps;
  readonly #live = new Map<string, LiveEntity>();
  #stopped = false;

  constructor(deps: EntityDeps) {
    this.#deps = deps;
  }

  isRegistered(id: string): boolean {
    return this.#deps.registry.get(parseSchedulerId(id).name)?.kind === 'entity';
  }

  /** Queues an operation; a request id seen before is answered again, not applied again. */
  enqueue(id: string, request: EntityRequest): void {
    const live = this.#load(id);
    if (live.snapshot.seen.has(request.id)) {
      const answered = live.snapshot.responses.get(request.id);
      if (answered) this.#deps.respond(answered);
      return;
    }
    this.#append(id, live, { k: 'req', request });
    this.#schedule(id, live);
  }

  read(id: string): { exists: boolean; state: string | undefined } {
    const { exists, state } = this.#load(id).snapshot;
    return { exists, state };
  }

  /** Runs what was pending and re-forwards every recorded signal (receivers drop duplicates). */
  resumeAll(ids: readonly string[]): void {
    for (const id of ids) {
      const live = this.#load(id);
      if (live.snapshot.pending.length > 0) this.#schedule(id, live);
      live.snapshot.signals.forEach((s) => this.enqueue(s.target, s.request));
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#live.values()].map((l) => l.queue));
  }

  #load(id: string): LiveEntity {
    const current = this.#live.get(id);
    if (current) return current;
    const records = this.#deps.store.records(id);
    const live = {
      records,
      snapshot: foldEntity(id, records),
      queue: Promise.resolve(),
      queued: false,
    };
    this.#live.set(id, live);
    return live;
  }

  #append(id: string, live: LiveEntity, record: EntityRecord): void {
    this.#deps.store.append(id, record);
    live.records.push(record);
    live.snapshot = foldEntity(id, live.records);
  }

  #schedule(id: string, live: LiveEntity): void {
    if (live.queued || this.#stopped) return;
    live.queued = true;
    live.queue = live.queue
      .then(() => {
        live.queued = false;
        return this.#batch(id, live);
      })
      .catch((err: unknown) =>
        this.#deps.logger.error(`Entity ${id}: batch failed: ${errorMessage(err)}`),
      );
  }

  async #batch(id: string, live: LiveEntity): Promise<void> {
    const { pending, exists, state } = live.snapshot;
    if (this.#stopped || pending.length === 0) return;
    const self = parseSchedulerId(id);
    const fn = this.#deps.registry.get(self.name);
    const outcome =
      fn?.kind === 'entity'
        ? await this.#run(fn, self, exists, state, pending)
        : `The entity function '${self.name}' is not registered.`;
    const failed = typeof outcome === 'string';
    const responses = pending.flatMap((q, i): EntityResponse[] => {
      if (q.signal || !q.parentInstanceId) return [];
      const result = failed
        ? { isError: true, result: JSON.stringify(outcome) }
        : outcome.results[i];
      const message = JSON.stringify({
        result: result?.result,
        ...(result?.isError ? { exceptionType: 'Error' } : {}),
      });
      return [{ requestId: q.id, instanceId: q.parentInstanceId, message }];
    });
    const signals = failed ? [] : signalsOf(outcome, pending[0]?.id ?? '');
    this.#append(id, live, {
      k: 'batch',
      consumed: pending.map((q) => q.id),
      exists: failed ? exists : outcome.entityExists,
      state: failed ? state : outcome.entityExists ? outcome.entityState : undefined,
      responses,
      signals,
      at: this.#deps.clock.now().toISOString(),
    });
    responses.forEach((r) => this.#deps.respond(r));
    signals.forEach((s) => this.enqueue(s.target, s.request));
  }

  async #run(
    fn: FunctionRegistration,
    self: { name: string; key: string },
    exists: boolean,
    state: string | undefined,
    pending: readonly EntityRequest[],
  ): Promise<EntityStateResult | string> {
    const trigger = {
      self,
      exists,
      state,
      batch: pending.map((q) => ({ id: q.id, name: q.op, signal: q.signal, input: q.input })),
    };
    const result = await invoke(fn, trigger, {
      logger: this.#deps.logger,
      extraInputs: this.#deps.inputsFor(fn),
      quiet: this.#deps.quiet ?? false,
    });
    return result.ok ? (result.value as EntityStateResult) : errorMessage(result.error);
  }
}

/** Ids derive from the batch's first request, so a re-forwarded signal is recognised. */
function signalsOf(outcome: EntityStateResult, batchId: string): EntitySignal[] {
  return outcome.signals.map((s, j) => ({
    target: schedulerId(s.target.name, s.target.key),
    request: {
      id: `${batchId}:signal:${j}`,
      op: s.name,
      input: s.input || undefined,
      signal: true,
    },
  }));
}

// One JSON-lines file per durable entity under `<stateDir>/entities/`, in the same append-and-
// fsync style as instance histories: `req` records (an operation waiting to run) and `batch`
// records (operations applied, the state they left, and the responses owed to orchestrations).
// Request ids make delivery idempotent: a request seen before is never applied twice.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLines, writeDurably } from './history-store.js';

export interface EntityRequest {
  readonly id: string;
  readonly op: string;
  /** JSON text of the operation input, or undefined. */
  readonly input: string | undefined;
  readonly signal: boolean;
  /** The orchestration waiting for the result of a call. */
  readonly parentInstanceId?: string;
}

export interface EntityResponse {
  readonly requestId: string;
  readonly instanceId: string;
  /** JSON text of durable-functions' ResponseMessage ({ result, exceptionType? }). */
  readonly message: string;
}

export interface EntitySignal {
  readonly target: string;
  readonly request: EntityRequest;
}

export type EntityRecord =
  | { readonly k: 'req'; readonly request: EntityRequest }
  | {
      readonly k: 'batch';
      readonly consumed: readonly string[];
      readonly exists: boolean;
      readonly state: string | undefined;
      readonly responses: readonly EntityResponse[];
      /** Signals the operations sent to other entities, forwarded (idempotently) after commit. */
      readonly signals: readonly EntitySignal[];
      readonly at: string;
    };

export interface EntitySnapshot {
  readonly schedulerId: string;
  readonly exists: boolean;
  readonly state: string | undefined;
  readonly pending: readonly EntityRequest[];
  readonly seen: ReadonlySet<string>;
  readonly responses: ReadonlyMap<string, EntityResponse>;
  readonly signals: readonly EntitySignal[];
}

export class EntityStore {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'entities');
    mkdirSync(this.dir, { recursive: true });
  }

  file(schedulerId: string): string {
    return join(this.dir, `${encodeURIComponent(schedulerId)}.jsonl`);
  }

  ids(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => decodeURIComponent(f.slice(0, -'.jsonl'.length)));
  }

  records(schedulerId: string): EntityRecord[] {
    const file = this.file(schedulerId);
    return existsSync(file) ? parseLines<EntityRecord>(readFileSync(file, 'utf8'), file) : [];
  }

  append(schedulerId: string, record: EntityRecord): void {
    writeDurably(this.file(schedulerId), 'a', `${JSON.stringify(record)}\n`);
  }
}

/** Folds records into the entity's current state. Pure. */
export function foldEntity(schedulerId: string, records: readonly EntityRecord[]): EntitySnapshot {
  const requests: EntityRequest[] = [];
  const consumed = new Set<string>();
  const responses = new Map<string, EntityResponse>();
  const signals: EntitySignal[] = [];
  let exists = false;
  let state: string | undefined;
  for (const r of records) {
    if (r.k === 'req') {
      requests.push(r.request);
      continue;
    }
    r.consumed.forEach((id) => consumed.add(id));
    r.responses.forEach((response) => responses.set(response.requestId, response));
    signals.push(...r.signals);
    exists = r.exists;
    state = r.state;
  }
  return {
    schedulerId,
    exists,
    state,
    pending: requests.filter((q) => !consumed.has(q.id)),
    seen: new Set(requests.map((q) => q.id)),
    responses,
    signals,
  };
}

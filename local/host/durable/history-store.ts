// One JSON-lines file per instance under `<stateDir>/durable/`. Two record kinds, appended and
// fsync'd one line at a time: `msg` (an event waiting for the orchestrator: start, activity result,
// timer, raised event...) and `episode` (one orchestrator run: the events it added to the history,
// the messages it consumed, and the status it left). The history is the events of every episode;
// the inbox is the unconsumed messages. Starting a finished id again starts its file over.
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { EventType } from './history-events.js';
import type { HistoryEvent } from './history-events.js';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated';

export const terminalStatuses: ReadonlySet<RuntimeStatus> = new Set([
  'Completed',
  'Failed',
  'Terminated',
]);

export interface Message {
  readonly id: number;
  readonly event: HistoryEvent;
}

export type StoreRecord =
  | { readonly k: 'msg'; readonly id: number; readonly event: HistoryEvent }
  | {
      readonly k: 'episode';
      readonly consumed: readonly number[];
      readonly events: readonly HistoryEvent[];
      readonly status: RuntimeStatus;
      readonly customStatus: unknown;
      readonly output: unknown;
      readonly at: string;
    };

export interface InstanceSnapshot {
  readonly instanceId: string;
  readonly name: string;
  readonly input: string;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly status: RuntimeStatus;
  readonly customStatus: unknown;
  readonly output: unknown;
  readonly history: readonly HistoryEvent[];
  readonly inbox: readonly Message[];
  readonly nextMessageId: number;
}

export class HistoryStore {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'durable');
    mkdirSync(this.dir, { recursive: true });
  }

  file(instanceId: string): string {
    return join(this.dir, `${encodeURIComponent(instanceId)}.jsonl`);
  }

  exists(instanceId: string): boolean {
    return existsSync(this.file(instanceId));
  }

  instanceIds(): string[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => decodeURIComponent(f.slice(0, -'.jsonl'.length)));
  }

  load(instanceId: string): InstanceSnapshot | undefined {
    const records = this.records(instanceId);
    return records && foldRecords(instanceId, records);
  }

  records(instanceId: string): StoreRecord[] | undefined {
    if (!this.exists(instanceId)) return undefined;
    return parseLines(readFileSync(this.file(instanceId), 'utf8'), this.file(instanceId));
  }

  /** Starts the file over with one record (a new instance, or a finished id started again). */
  create(instanceId: string, first: StoreRecord): void {
    const tmp = `${this.file(instanceId)}.tmp`;
    writeDurably(tmp, 'w', `${JSON.stringify(first)}\n`);
    renameSync(tmp, this.file(instanceId));
  }

  append(instanceId: string, record: StoreRecord): void {
    writeDurably(this.file(instanceId), 'a', `${JSON.stringify(record)}\n`);
  }

  /** Cuts a line torn by a crash, so that the next append starts on a line of its own. */
  repair(instanceId: string): void {
    const text = readFileSync(this.file(instanceId), 'utf8');
    if (text === '' || text.endsWith('\n')) return;
    const fd = openSync(this.file(instanceId), 'r+');
    try {
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  delete(instanceId: string): void {
    rmSync(this.file(instanceId), { force: true });
  }
}

function writeDurably(path: string, flags: 'a' | 'w', text: string): void {
  const fd = openSync(path, flags);
  try {
    writeSync(fd, text);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Parses the file; a torn last line (crash mid-write) is dropped, a torn middle line is an error. */
function parseLines(text: string, file: string): StoreRecord[] {
  const lines = text.split('\n');
  const records: StoreRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as StoreRecord);
    } catch (err) {
      if (i === lines.length - 1) return;
      throw new Error(
        `${file} line ${i + 1} is corrupt (${(err as Error).message}); purge the instance.`,
        { cause: err },
      );
    }
  });
  return records;
}

/** Folds records into the instance's current state. Pure. */
export function foldRecords(instanceId: string, records: readonly StoreRecord[]): InstanceSnapshot {
  const consumed = new Set<number>();
  const messages: Message[] = [];
  const history: HistoryEvent[] = [];
  let last: Extract<StoreRecord, { k: 'episode' }> | undefined;
  for (const r of records) {
    if (r.k === 'msg') {
      messages.push({ id: r.id, event: r.event });
      continue;
    }
    r.consumed.forEach((id) => consumed.add(id));
    history.push(...r.events);
    last = r;
  }
  const inbox = messages.filter((m) => !consumed.has(m.id));
  const started = [...history, ...inbox.map((m) => m.event)].find(
    (e) => e.EventType === EventType.ExecutionStarted,
  );
  return {
    instanceId,
    name: typeof started?.Name === 'string' ? started.Name : '',
    input: typeof started?.Input === 'string' ? started.Input : 'null',
    createdTime: started?.Timestamp ?? new Date(0).toISOString(),
    lastUpdatedTime: last?.at ?? started?.Timestamp ?? new Date(0).toISOString(),
    status: last?.status ?? 'Pending',
    customStatus: last?.customStatus ?? null,
    output: last?.output ?? null,
    history,
    inbox,
    nextMessageId: messages.reduce((max, m) => Math.max(max, m.id + 1), 0),
  };
}

// An instance made live by the engine: its records and snapshot in memory, its armed timers, and
// the serial queue its episodes run on. Every append reaches the disk (fsync'd) before memory.
import type { Clock } from '../types.js';
import type { HistoryEvent } from './history-events.js';
import type { HistoryStore, InstanceSnapshot, StoreRecord } from './history-store.js';
import { foldRecords } from './history-store.js';

const maxTimerDelayMs = 2_147_483_647;

export class LiveInstance {
  readonly instanceId: string;
  readonly #store: HistoryStore;
  readonly #records: StoreRecord[];
  readonly #timers = new Map<number, NodeJS.Timeout>();
  snapshot: InstanceSnapshot;
  queue: Promise<void> = Promise.resolve();
  episodeQueued = false;
  #closed = false;

  constructor(instanceId: string, store: HistoryStore, records: StoreRecord[]) {
    this.instanceId = instanceId;
    this.#store = store;
    this.#records = records;
    this.snapshot = foldRecords(instanceId, records);
  }

  append(record: StoreRecord): void {
    this.#store.append(this.instanceId, record);
    this.#records.push(record);
    this.snapshot = foldRecords(this.instanceId, this.#records);
  }

  /** Appends an inbox message; false once the instance is no longer live here. */
  post(event: HistoryEvent): boolean {
    if (this.#closed) return false;
    this.append({ k: 'msg', id: this.snapshot.nextMessageId, event });
    return true;
  }

  /** Calls `fire` once the clock reaches `fireAt`, re-arming past setTimeout's range. */
  armTimer(id: number, fireAt: string, clock: Clock, fire: () => void): void {
    const due = Date.parse(fireAt);
    const delay = Math.min(maxTimerDelayMs, Math.max(0, due - clock.now().getTime()));
    const handle = setTimeout(() => {
      this.#timers.delete(id);
      if (clock.now().getTime() < due) this.armTimer(id, fireAt, clock, fire);
      else fire();
    }, delay);
    handle.unref();
    this.#timers.set(id, handle);
  }

  clearTimers(): void {
    this.#timers.forEach((t) => clearTimeout(t));
    this.#timers.clear();
  }

  close(): void {
    this.#closed = true;
    this.clearTimers();
  }
}

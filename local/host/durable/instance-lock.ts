// One runner per instance across processes sharing a state dir: a lock file created with O_EXCL
// holding the owner's pid and a per-engine token. A lock whose pid is gone (for example a host
// killed with SIGKILL) or whose in-process owner has stopped is stale and taken over.
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

const liveOwners = new Set<string>();

export interface LockHolder {
  readonly pid: number;
  readonly owner: string;
}

export type LockResult =
  { readonly ok: true } | { readonly ok: false; readonly holder: LockHolder };

export class InstanceLocks {
  readonly owner = randomUUID();
  readonly #held = new Set<string>();

  constructor() {
    liveOwners.add(this.owner);
  }

  acquire(path: string): LockResult {
    if (this.#held.has(path)) return { ok: true };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, JSON.stringify({ pid: process.pid, owner: this.owner }));
        closeSync(fd);
        this.#held.add(path);
        return { ok: true };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = readHolder(path);
        if (holder && isAlive(holder)) return { ok: false, holder };
        rmSync(path, { force: true });
      }
    }
    return { ok: false, holder: readHolder(path) ?? { pid: -1, owner: 'unknown' } };
  }

  release(path: string): void {
    if (!this.#held.delete(path)) return;
    rmSync(path, { force: true });
  }

  releaseAll(): void {
    for (const path of [...this.#held]) this.release(path);
    liveOwners.delete(this.owner);
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    // A lock file being written right now, or torn by a crash: treated as no holder.
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return liveOwners.has(holder.owner);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

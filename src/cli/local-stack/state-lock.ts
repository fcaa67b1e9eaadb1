// One `start` or `demo` per state dir: a second one would clear the first one's durable
// histories and overwrite its settings. The lock is a pid file, stale when that pid is gone.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './errors.js';

export function lockStateDir(root: string): () => void {
  const file = join(root, 'stack.pid');
  const holder = lockHolder(file);
  if (holder !== undefined && holder !== process.pid) {
    throw new StackError(
      `${root} is in use by another start or demo (pid ${holder}); stop it or pass --state-dir with another folder`,
    );
  }
  writeFileSync(file, `${process.pid}\n`);
  return () => rmSync(file, { force: true });
}

function lockHolder(file: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

// Runs `start` and `demo` as real child processes from source, as a user's shell would, with
// the full example spec using imported images (no build contexts needed).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../support/cli.js';
import { exampleInput, withImportedImages } from '../../support/specs.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'avs-cli-start-'));
}

/** examples/full.json with imported images, written to `dir`. */
export function fullSpecWithImportedImages(dir: string): string {
  const spec = withImportedImages(exampleInput('full'));
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

export interface CliChild {
  readonly process: ChildProcess;
  readonly output: () => string;
  /** Resolves when the combined output matches; rejects if the process exits first. */
  readonly waitFor: (pattern: RegExp) => Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: string[]): CliChild {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(text)) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
      void exited.then(({ code }) =>
        reject(new Error(`exited (${code}) before printing ${pattern}:\n${text}`)),
      );
    });
  return { process: child, output: () => text, waitFor, exited };
}

/** The children `start` reported: "emulator  URL  (pid N, log: FILE)". */
export function reportedPids(output: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const m of output.matchAll(/^(emulator|pebble|host)\s+\S+\s+\(pid (\d+),/gm)) {
    pids.set(m[1] ?? '', Number(m[2]));
  }
  return pids;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether something still accepts connections at a loopback URL's port. */
export function listening(url: string): Promise<boolean> {
  const port = Number(new URL(url).port);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

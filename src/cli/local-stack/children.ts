// The child processes of `start` and `demo`. Each runs in its own process group (detached), with
// its output in a log file, so stopping it also stops anything it started, and the order of
// shutdown is ours rather than the terminal's. A child that exits before it was asked to stop is
// reported through `died`, naming it and quoting the end of its log.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { StackError } from './errors.js';
import { logTail } from './log-tail.js';

export interface ChildSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** How long it has to stop after SIGTERM before SIGKILL; STOP_GRACE_MS unless told. */
  readonly stopGraceMs?: number;
}

export interface RunningChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
}

interface Tracked extends RunningChild {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  readonly stopGraceMs?: number;
  stopping: boolean;
}

const STOP_GRACE_MS = 5_000;

export class ChildSet {
  private readonly children: Tracked[] = [];
  private rejectDied: (error: StackError) => void = () => undefined;
  /** Rejects when a child exits on its own; never resolves. */
  readonly died: Promise<never> = new Promise((_, reject) => (this.rejectDied = reject));
  private readonly killOnExit = () => this.killAllNow();

  constructor() {
    this.died.catch(() => undefined);
    process.on('exit', this.killOnExit);
  }

  get running(): RunningChild[] {
    return this.children.map(({ name, pid, logFile }) => ({ name, pid, logFile }));
  }

  start(spec: ChildSpec): RunningChild {
    const log = openSync(spec.logFile, 'w');
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    // A failed spawn (ENOENT) is reported below through the missing pid, not as an 'error' crash.
    child.on('error', () => undefined);
    if (child.pid === undefined) {
      throw new StackError(`could not start ${spec.name} (${spec.command}); see ${spec.logFile}`);
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const tracked: Tracked = { ...spec, pid: child.pid, process: child, exited, stopping: false };
    child.once('exit', (code, signal) => {
      if (!tracked.stopping) this.rejectDied(diedError(tracked, code, signal));
    });
    this.children.push(tracked);
    return { name: spec.name, pid: child.pid, logFile: spec.logFile };
  }

  /** Stops the children in reverse start order: SIGTERM to the group, SIGKILL after a grace. */
  async stopAll(): Promise<void> {
    for (const child of [...this.children].reverse()) await stopChild(child);
    process.off('exit', this.killOnExit);
  }

  private killAllNow(): void {
    for (const child of this.children) {
      child.stopping = true;
      signalGroup(child.pid, 'SIGKILL');
    }
  }
}

async function stopChild(child: Tracked): Promise<void> {
  child.stopping = true;
  if (child.process.exitCode !== null || child.process.signalCode !== null) {
    signalGroup(child.pid, 'SIGKILL');
    return;
  }
  signalGroup(child.pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), child.stopGraceMs ?? STOP_GRACE_MS);
  });
  const outcome = await Promise.race([child.exited, grace]);
  clearTimeout(timer);
  // Whatever the group leader left behind goes too.
  signalGroup(child.pid, 'SIGKILL');
  if (outcome === 'late') await child.exited;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function diedError(child: Tracked, code: number | null, signal: NodeJS.Signals | null): StackError {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? '?'}`;
  return new StackError(
    `${child.name} ${how} (pid ${child.pid}); the end of ${child.logFile}:\n${logTail(child.logFile)}`,
  );
}

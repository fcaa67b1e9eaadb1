// One container's process: `node main.js` of its bundled image, its output appended to its log
// file, stopped as a container is (SIGTERM to its main process, then SIGKILL after a grace
// period). Containers stay in the runtime's process group, so that stopping the local stack
// (which signals that group) ends every container and whatever it started (the sidecar's nginx),
// even if the runtime itself is killed.
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { constants } from 'node:os';
import type { ContainerLaunch } from './container-launch.js';

export interface ContainerExit {
  code: number;
  description: string;
}

export interface RunningContainer {
  readonly pid: number | undefined;
  readonly exited: Promise<ContainerExit>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs: number): Promise<ContainerExit>;
}

function exitOf(code: number | null, signal: NodeJS.Signals | null): ContainerExit {
  if (signal) {
    return { code: 128 + (constants.signals[signal] ?? 0), description: `signal ${signal}` };
  }
  return { code: code ?? 1, description: `exit code ${code ?? 1}` };
}

export function startContainerProcess(
  launch: ContainerLaunch,
  logFile: string,
  header: string,
): RunningContainer {
  appendFileSync(logFile, `--- ${new Date().toISOString()} ${header}\n`);
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [launch.entry], {
    cwd: dirname(launch.entry),
    env: launch.env,
    stdio: ['ignore', log, log],
  });
  live.add(child.pid ?? 0);
  closeSync(log);
  const exited = new Promise<ContainerExit>((resolve) => {
    child.once('error', (error) =>
      resolve({ code: 127, description: `could not start: ${error.message}` }),
    );
    child.once('exit', (code, signal) => resolve(exitOf(code, signal)));
  });
  void exited.then(() => live.delete(child.pid ?? 0));
  void exited.then((exit) =>
    appendFileSync(logFile, `--- ${new Date().toISOString()} exited: ${exit.description}\n`),
  );
  return {
    pid: child.pid,
    exited,
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}

/** Containers still running, killed if the runtime exits before stopping them. */
const live = new Set<number>();

process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

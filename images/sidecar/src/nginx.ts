// nginx as the sidecar's child: the commands that start, reload and stop it, over a process runner.
import { AppError } from '../../../src/errors.js';

/** How a process ended: its exit code (128 + n for signal n, as shells report it) and why. */
export interface ProcessExit {
  code: number;
  description: string;
}

export interface RunningProcess {
  readonly exited: Promise<ProcessExit>;
  signal(signal: NodeJS.Signals): void;
}

/** The one place processes are started; tests pass a fake that records what it is asked. */
export interface ProcessRunner {
  /** Starts a long-running process with the sidecar's stdout and stderr. */
  start(command: string, args: readonly string[]): RunningProcess;
  /** Runs a command to completion and collects what it printed. */
  run(command: string, args: readonly string[]): Promise<{ code: number; output: string }>;
}

export const NGINX = 'nginx';

/**
 * Every nginx command names the configuration the init container wrote; `-e stderr` keeps nginx
 * from opening its compiled-in error log before it has read that configuration.
 */
export function nginxArgs(confPath: string, ...rest: string[]): string[] {
  return ['-e', 'stderr', '-c', confPath, ...rest];
}

/** In the foreground, so nginx's exit is the sidecar's exit. */
export function startNginx(runner: ProcessRunner, confPath: string): RunningProcess {
  return runner.start(NGINX, nginxArgs(confPath, '-g', 'daemon off;'));
}

/**
 * `nginx -s reload` re-reads the configuration and the certificate files: new workers take new
 * connections, old ones finish theirs (https://nginx.org/en/docs/control.html#reconfiguration).
 * `nginx -s quit` stops gracefully the same way. Throws when the command fails.
 */
export async function signalNginx(
  runner: ProcessRunner,
  confPath: string,
  signal: 'reload' | 'quit',
): Promise<void> {
  const result = await runner.run(NGINX, nginxArgs(confPath, '-s', signal));
  if (result.code === 0) return;
  const said = result.output.trim().split('\n').pop()?.slice(0, 300) ?? '';
  throw new AppError(
    'unexpected',
    'NginxSignalFailed',
    `nginx -s ${signal} exited ${result.code}${said ? `: ${said}` : ''}`,
  );
}

// The local Functions host as a child process (`aci-vnet-sidecars host`, as `npm start` runs it),
// so that a test can kill it with SIGKILL mid-orchestration and start another on the same state
// dir and port: what a Functions worker crash does to the app in Azure.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { masterKeyFile, readMasterKey } from '../../local/host/index.js';
import type { HostHandle } from '../../local/host/index.js';
import { repoRoot } from './cli.js';

export interface HostProcess {
  handle: HostHandle;
  /** SIGKILL, then a new host process on the same state dir and port, ready to serve. */
  crash(): Promise<void>;
  /** Everything the host processes printed, for the secret scanner. */
  output(): string;
}

export async function startHostProcess(options: {
  appRoot: string;
  port: number;
  stateDir: string;
  entry: string;
  caFile: string;
}): Promise<HostProcess> {
  let output = '';
  let child: ChildProcess | undefined;
  let crashing: Promise<void> | undefined;
  const url = `http://127.0.0.1:${options.port}`;
  const keyFile = masterKeyFile(options.stateDir);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ACI_VNET_SIDECARS_')),
  );

  /** A loaded machine can take long to start a process through tsx: three tries of a minute. */
  const start = async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await startOnce();
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };
  const startOnce = async () => {
    child = spawn(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        join(repoRoot, 'src', 'cli', 'run.ts'),
        'host',
        ...['--port', String(options.port), '--state-dir', options.stateDir],
        ...['--entry', options.entry],
      ],
      {
        cwd: options.appRoot,
        env: { ...env, NODE_EXTRA_CA_CERTS: options.caFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const started = child;
    started.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    started.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (started.exitCode !== null) break;
      const key = readMasterKey(keyFile);
      const ready = key
        ? await fetch(`${url}/admin/host/status`, {
            headers: { 'x-functions-key': key },
            signal: AbortSignal.timeout(2_000),
          }).then(
            (r) => r.status === 200,
            () => false,
          )
        : false;
      if (ready) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    started.kill('SIGKILL');
    throw new Error(`the host process did not start on ${url}: ${output.slice(-2_000)}`);
  };
  const stopWith = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill(signal);
    });

  await start();
  return {
    handle: {
      url,
      port: options.port,
      stateDir: options.stateDir,
      masterKeyFile: keyFile,
      functions: [],
      stop: () => stopWith('SIGTERM'),
    },
    // Crashes asked for while one is under way are that one: never two hosts on one port.
    crash: () =>
      (crashing ??= (async () => {
        await stopWith('SIGKILL');
        await start();
      })().finally(() => (crashing = undefined))),
    output: () => output,
  };
}

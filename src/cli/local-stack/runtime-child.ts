// The container runtime as a child process (`aci-vnet-sidecars runtime`): it follows the emulator
// and runs the container groups, their database and gateway; ready once its status answers.
import { join } from 'node:path';
import { cliErrorIn } from './log-tail.js';
import { loopbackRequest } from './loopback-http.js';
import type { EmulatorEndpoints } from './emulator-child.js';
import type { CodeLayout } from './paths.js';
import { freePort } from './ports.js';
import type { Session } from './session.js';
import { pollUntil } from './wait.js';

export interface RuntimeEndpoints {
  readonly statusUrl: string;
  readonly logFile: string;
}

export async function startRuntimeChild(
  session: Session,
  layout: CodeLayout,
  emulator: EmulatorEndpoints,
  options: {
    stateDir: string;
    logsDir: string;
    logFile: string;
    timeScale: number;
    gatewayPort: number;
    /** Root of the ACME CA standing in for Let's Encrypt (Pebble's), PEM. */
    acmeRootFile: string;
  },
): Promise<RuntimeEndpoints> {
  const statusPort = await freePort();
  session.children.start({
    name: 'runtime',
    command: process.execPath,
    args: [
      ...layout.cliArgs,
      'runtime',
      ...['--arm-url', emulator.armUrl, '--ca-file', emulator.caFile],
      ...['--dns-server', `127.0.0.1:${emulator.dnsPort}`],
      ...['--state-dir', options.stateDir, '--logs-dir', options.logsDir],
      ...['--images-dir', join(layout.packageRoot, 'dist', 'image-contexts')],
      ...['--time-scale', String(options.timeScale)],
      ...['--gateway-port', String(options.gatewayPort), '--status-port', String(statusPort)],
      ...['--well-known-root', options.acmeRootFile],
    ],
    cwd: layout.packageRoot,
    logFile: options.logFile,
    // Its containers drain (3 s) and PostgreSQL shuts down before it exits.
    stopGraceMs: 20_000,
  });
  const statusUrl = `http://127.0.0.1:${statusPort}/status`;
  await session.guard(
    pollUntil(async () => (await loopbackRequest(statusUrl)).status === 200, {
      what: `the container runtime at ${statusUrl}`,
      attempts: 600,
      intervalMs: 100,
      logFile: options.logFile,
      failed: () => cliErrorIn(options.logFile),
    }),
  );
  return { statusUrl, logFile: options.logFile };
}

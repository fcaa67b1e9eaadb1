// The emulator as a child process (`aci-vnet-sidecars emulator`), on ports chosen up front so
// the host's settings can name them, ready once its admin API answers over TLS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliErrorIn } from './log-tail.js';
import { loopbackRequest } from './loopback-http.js';
import { localNameServers, type LocalNameServer } from './name-servers.js';
import type { CodeLayout } from './paths.js';
import { freePort } from './ports.js';
import type { Session } from './session.js';
import { pollUntil } from './wait.js';

export interface EmulatorEndpoints {
  readonly armUrl: string;
  readonly stateUrl: string;
  readonly dnsPort: number;
  /** The public zones' four name servers: where each answers, and how far behind it is. */
  readonly nameServers: readonly LocalNameServer[];
  readonly caFile: string;
  readonly caPem: string;
  /** The emulator's server certificate and key (SAN 127.0.0.1), which Pebble serves too. */
  readonly certFile: string;
  readonly keyFile: string;
  readonly logFile: string;
}

export async function startEmulatorChild(
  session: Session,
  layout: CodeLayout,
  options: {
    stateDir: string;
    logFile: string;
    timeScale: number;
    freshSubscription: boolean;
    externalContainerRuntime: boolean;
  },
): Promise<EmulatorEndpoints> {
  const [port, dnsPort] = [await freePort(), await freePort()];
  const nameServers = await localNameServers();
  session.children.start({
    name: 'emulator',
    command: process.execPath,
    args: [
      ...layout.cliArgs,
      'emulator',
      ...['--port', String(port), '--dns-port', String(dnsPort)],
      ...['--name-server-ports', nameServers.map((ns) => ns.port).join(',')],
      ...['--state-dir', options.stateDir, '--time-scale', String(options.timeScale)],
      options.freshSubscription ? '--fresh-subscription' : '--no-fresh-subscription',
      ...(options.externalContainerRuntime ? ['--external-container-runtime'] : []),
    ],
    cwd: layout.packageRoot,
    logFile: options.logFile,
  });
  const certs = join(options.stateDir, 'certs');
  const caFile = join(certs, 'ca.pem');
  const armUrl = `https://127.0.0.1:${port}`;
  const stateUrl = `${armUrl}/_emulator/state`;
  await session.guard(
    pollUntil(
      async () =>
        existsSync(caFile) &&
        (await loopbackRequest(stateUrl, { ca: readFileSync(caFile, 'utf8') })).status === 200,
      {
        what: `the emulator at ${armUrl}`,
        attempts: 600,
        intervalMs: 100,
        logFile: options.logFile,
        failed: () => cliErrorIn(options.logFile),
      },
    ),
  );
  return {
    armUrl,
    stateUrl,
    dnsPort,
    nameServers,
    caFile,
    caPem: readFileSync(caFile, 'utf8'),
    certFile: join(certs, 'server.pem'),
    keyFile: join(certs, 'server-key.pem'),
    logFile: options.logFile,
  };
}

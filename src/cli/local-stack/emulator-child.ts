// The emulator as a child process (`aci-vnet-sidecars emulator`). It binds free ports itself and
// reports them in its endpoints file: a port the parent chose could be taken by another process
// before the child bound it. Ready once that file exists and its admin API answers over TLS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliErrorIn } from './log-tail.js';
import { loopbackRequest } from './loopback-http.js';
import {
  readEndpointsFile,
  removeEndpointsFile,
  type EmulatorEndpointsFile,
} from '../emulator-endpoints-file.js';
import type { LocalNameServer } from './name-servers.js';
import type { CodeLayout } from './paths.js';
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
  const endpointsFile = join(options.stateDir, 'endpoints.json');
  removeEndpointsFile(endpointsFile);
  session.children.start({
    name: 'emulator',
    command: process.execPath,
    args: [
      ...layout.cliArgs,
      'emulator',
      ...['--port', '0', '--dns-port', '0', '--endpoints-file', endpointsFile],
      ...['--state-dir', options.stateDir, '--time-scale', String(options.timeScale)],
      options.freshSubscription ? '--fresh-subscription' : '--no-fresh-subscription',
      ...(options.externalContainerRuntime ? ['--external-container-runtime'] : []),
    ],
    cwd: layout.packageRoot,
    logFile: options.logFile,
  });
  const certs = join(options.stateDir, 'certs');
  const caFile = join(certs, 'ca.pem');
  let endpoints: EmulatorEndpointsFile | undefined;
  await session.guard(
    pollUntil(
      async () => {
        endpoints ??= readEndpointsFile(endpointsFile);
        return (
          endpoints !== undefined &&
          existsSync(caFile) &&
          (
            await loopbackRequest(stateUrlOf(endpoints.armPort), {
              ca: readFileSync(caFile, 'utf8'),
            })
          ).status === 200
        );
      },
      {
        what: 'the emulator',
        attempts: 600,
        intervalMs: 100,
        logFile: options.logFile,
        failed: () => cliErrorIn(options.logFile),
      },
    ),
  );
  if (!endpoints) throw new Error(`the emulator became ready without ${endpointsFile}`);
  const { armPort, dnsPort, nameServers } = endpoints;
  const armUrl = armUrlOf(armPort);
  const stateUrl = stateUrlOf(armPort);
  return {
    armUrl,
    stateUrl,
    dnsPort,
    nameServers: nameServers satisfies readonly LocalNameServer[],
    caFile,
    caPem: readFileSync(caFile, 'utf8'),
    certFile: join(certs, 'server.pem'),
    keyFile: join(certs, 'server-key.pem'),
    logFile: options.logFile,
  };
}

const armUrlOf = (port: number) => `https://127.0.0.1:${port}`;
const stateUrlOf = (port: number) => `${armUrlOf(port)}/_emulator/state`;

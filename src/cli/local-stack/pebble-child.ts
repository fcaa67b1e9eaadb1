// Pebble (LetsEncrypt's ACME test server, Debian package `pebble`) as a child process: it serves
// the emulator's certificate and validates DNS-01 through the slowest of the public zones' name
// servers, as Let's Encrypt may ask any of them.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorEndpoints } from './emulator-child.js';
import { StackError } from './errors.js';
import { loopbackRequest } from './loopback-http.js';
import { slowestNameServer } from './name-servers.js';
import { freePort } from './ports.js';
import type { Session } from './session.js';
import { pollUntil } from './wait.js';

export const PEBBLE_INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y pebble';

export function pebbleInstalled(): boolean {
  return spawnSync('pebble', ['-h'], { stdio: 'ignore' }).error === undefined;
}

/** Installs pebble with apt-get when running as root; otherwise says exactly what to run. */
export async function ensurePebble(logFile: string, say: (line: string) => void): Promise<void> {
  if (pebbleInstalled()) return;
  if (process.getuid?.() !== 0) {
    throw new StackError(
      `pebble (LetsEncrypt's ACME test server) is not installed; install it with:\n  ${PEBBLE_INSTALL_COMMAND}`,
    );
  }
  say(`installing pebble with apt-get (log: ${logFile})`);
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'pebble'],
  ]) {
    const code = await runToLog('apt-get', args, logFile);
    if (code !== 0) {
      throw new StackError(`apt-get ${args.join(' ')} failed (exit ${code}); see ${logFile}`);
    }
  }
  if (!pebbleInstalled())
    throw new StackError(`pebble is still missing after apt-get; see ${logFile}`);
}

function runToLog(command: string, args: string[], logFile: string): Promise<number> {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, {
    stdio: ['ignore', log, log],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  closeSync(log);
  return new Promise((resolve) => {
    child.once('error', () => resolve(127));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

export async function startPebbleChild(
  session: Session,
  emulator: EmulatorEndpoints,
  options: { stateDir: string; logFile: string; certificateDays: number },
): Promise<{ directoryUrl: string; rootCertificate: string }> {
  const port = await freePort();
  const managementPort = await freePort();
  const config = join(options.stateDir, 'pebble.json');
  writeFileSync(
    config,
    JSON.stringify(pebbleConfig(port, managementPort, emulator, options.certificateDays), null, 2),
  );
  const nameServer = slowestNameServer(emulator.nameServers);
  session.children.start({
    name: 'pebble',
    command: 'pebble',
    args: ['-config', config, '-dnsserver', `${nameServer.host}:${nameServer.port}`],
    env: {
      ...process.env,
      PEBBLE_VA_NOSLEEP: '1',
      PEBBLE_VA_ALWAYS_VALID: '0',
      PEBBLE_WFE_NONCEREJECT: '0',
    },
    logFile: options.logFile,
  });
  const directoryUrl = `https://127.0.0.1:${port}/dir`;
  await session.guard(
    pollUntil(
      async () => (await loopbackRequest(directoryUrl, { ca: emulator.caPem })).status === 200,
      {
        what: `pebble at ${directoryUrl}`,
        attempts: 300,
        intervalMs: 100,
        logFile: options.logFile,
      },
    ),
  );
  // Pebble makes a new root at each start and serves it on its management port only: the app
  // needs it as the gateway's trusted root for a spec that names this directory.
  const root = await loopbackRequest(`https://127.0.0.1:${managementPort}/roots/0`, {
    ca: emulator.caPem,
  });
  if (root.status !== 200) {
    throw new StackError(
      `pebble did not serve its root certificate (${root.status}); see ${options.logFile}`,
    );
  }
  const rootCertificate = root.text.replace(/-----[A-Z ]+-----|\s+/g, '');
  return { directoryUrl, rootCertificate };
}

/** Let's Encrypt's certificates last 90 days; Pebble's own default is five years. */
export const ACME_CERTIFICATE_DAYS = 90;

function pebbleConfig(
  port: number,
  managementPort: number,
  emulator: EmulatorEndpoints,
  certificateDays: number,
) {
  return {
    pebble: {
      listenAddress: `127.0.0.1:${port}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: emulator.certFile,
      privateKey: emulator.keyFile,
      // Only DNS-01 is used; these ports are never contacted.
      httpPort: 5002,
      tlsPort: 5001,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
      // In seconds (Pebble 2.4's `CertificateValidityPeriod`).
      certificateValidityPeriod: certificateDays * 86_400,
    },
  };
}

// Runs Debian's `pebble` (LetsEncrypt's ACME test server) for a test, with the emulator's
// certificate (SAN 127.0.0.1) as its TLS certificate and one of the emulator's DNS servers (one
// name server of the public zones, or its resolver) for validation.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/cli/local-stack/ports.js';
import { writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';

/** Whether Pebble answers its directory; a request that gets no answer in 2 s counts as no. */
function ready(url: string, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { ca, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export interface Pebble {
  directoryUrl: string;
  stop: () => void;
}

export async function startPebble(opts: {
  stateDir: string;
  caPem: string;
  /** The port on 127.0.0.1 of the DNS server Pebble validates through. */
  dnsPort: number;
}): Promise<Pebble> {
  const port = await freePort();
  const config = join(opts.stateDir, `pebble-${port}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${port}`,
        managementListenAddress: `127.0.0.1:${await freePort()}`,
        certificate: join(opts.stateDir, 'certs', 'server.pem'),
        privateKey: join(opts.stateDir, 'certs', 'server-key.pem'),
        httpPort: 5002,
        tlsPort: 5001,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  const child: ChildProcess = spawn(
    'pebble',
    ['-config', config, '-dnsserver', `127.0.0.1:${opts.dnsPort}`],
    {
      env: {
        ...process.env,
        PEBBLE_VA_NOSLEEP: '1',
        PEBBLE_VA_ALWAYS_VALID: '0',
        PEBBLE_WFE_NONCEREJECT: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const directoryUrl = `https://127.0.0.1:${port}/dir`;
  // Up to 60 s: a loaded CI machine can be slow to start it; a started Pebble answers at once.
  for (let i = 0; i < 6000; i += 1) {
    if (await ready(directoryUrl, opts.caPem)) return { directoryUrl, stop: () => child.kill() };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill();
  throw new Error(`pebble did not start: ${log}`);
}

// The local twin as a user runs it: `aci-vnet-sidecars start` as a child process, then requests
// through its local Application Gateway (127.0.0.1, TLS checked against Pebble's root and the
// spec's host name) and reads of the container runtime's status.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { masterKeyFile, readMasterKey } from '../../local/host/index.js';
import { readStackFile } from '../../src/cli/local-stack/stack-file.js';
import { spawnCli, tempDir, type CliChild } from '../integration/cli-start/helpers.js';

export interface RuntimeGroup {
  id: string;
  name: string;
  privateIp: string;
  address: string;
  state: string;
  containers: { name: string; restarts: number; state: string }[];
}

export interface GatewayListener {
  name: string;
  frontendPort: number;
  localPort: number;
  protocol: 'Http' | 'Https';
}

export interface TwinStatus {
  groups: RuntimeGroup[];
  gateways?: {
    name: string;
    listeners: GatewayListener[];
    health?: { pool: string; servers: { address: string; health: string }[] }[];
  }[];
}

export interface Answer {
  status: number;
  body: string;
}

export interface Twin {
  readonly cli: CliChild;
  readonly stateDir: string;
  readonly hostName: string;
  status(): Promise<TwinStatus>;
  /** A GET through the gateway's listener on `frontendPort` (default 443). */
  get(path: string, options?: { frontendPort?: number; timeoutMs?: number }): Promise<Answer>;
  /** Runs a timer function of the Functions host now (its admin endpoint, the master key). */
  fire(functionName: string): Promise<void>;
  /** The serial number of the certificate a TLS server on loopback presents for the host name. */
  servedSerial(port: number, address?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTwin(options: {
  spec: string;
  hostName: string;
  timeScale: string;
  /** How long the local ACME CA's certificates last (start's --acme-certificate-days). */
  acmeCertificateDays?: number;
}): Promise<Twin> {
  const stateDir = tempDir();
  const cli = spawnCli([
    'start',
    ...['--spec', options.spec, '--state-dir', stateDir],
    ...['--port', '0', '--gateway-port', '0', '--time-scale', options.timeScale],
    ...(options.acmeCertificateDays
      ? ['--acme-certificate-days', String(options.acmeCertificateDays)]
      : []),
  ]);
  await cli.waitFor(/running; press Ctrl-C to stop/);
  if (!/deployed .*: all \d+ stages succeeded/.test(cli.output())) {
    throw new Error(`the deployment did not succeed:\n${cli.output()}`);
  }
  const stack = readStackFile(stateDir);
  const statusUrl = stack.runtimeStatusUrl ?? '';
  const rootCa = readFileSync(join(stateDir, 'pebble', 'root.pem'), 'utf8');
  const status = async (): Promise<TwinStatus> => {
    const answer = await fetch(statusUrl);
    return (await answer.json()) as TwinStatus;
  };
  const portOf = async (frontendPort: number) => {
    const listeners = (await status()).gateways?.flatMap((g) => g.listeners) ?? [];
    const listener = listeners.find((l) => l.frontendPort === frontendPort);
    if (!listener) throw new Error(`no gateway listener on frontend port ${frontendPort}`);
    return listener.localPort;
  };
  const ports = new Map<number, number>();
  const get: Twin['get'] = async (path, opts = {}) => {
    const frontendPort = opts.frontendPort ?? 443;
    const port = ports.get(frontendPort) ?? (await portOf(frontendPort));
    ports.set(frontendPort, port);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          servername: options.hostName,
          headers: { host: `${options.hostName}:${frontendPort}` },
          ca: rootCa,
          agent: false,
          timeout: opts.timeoutMs ?? 10_000,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer in time`)));
      req.on('error', reject);
      req.end();
    });
  };
  const servedSerial: Twin['servedSerial'] = (port, address = '127.0.0.1') =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: address,
          port,
          path: '/healthz',
          servername: options.hostName,
          headers: { host: options.hostName },
          ca: rootCa,
          agent: false,
          timeout: 10_000,
        },
        (res) => {
          const serial = (res.socket as TLSSocket).getPeerCertificate().serialNumber;
          res.resume();
          res.on('end', () => resolve(serial));
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer in time')));
      req.on('error', reject);
      req.end();
    });
  const fire: Twin['fire'] = async (functionName) => {
    const key = readMasterKey(masterKeyFile(join(stateDir, 'host')));
    const answer = await fetch(`${stack.hostUrl}/admin/functions/${functionName}`, {
      method: 'POST',
      headers: { 'x-functions-key': key ?? '', 'content-type': 'application/json' },
      body: '{}',
    });
    if (answer.status !== 202) throw new Error(`firing ${functionName} answered ${answer.status}`);
  };
  return {
    cli,
    stateDir,
    fire,
    hostName: options.hostName,
    status,
    get,
    servedSerial,
    async stop() {
      cli.process.kill('SIGINT');
      await cli.exited;
    },
  };
}

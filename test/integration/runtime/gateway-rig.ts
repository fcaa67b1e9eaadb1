// The local gateway's test rig: real HTTPS backends on their own loopback addresses (one port for
// all, as a pool's members share the backend port), a fake Key Vault, and a client that speaks to
// the gateway with SNI and Host set to the listener's host name. Loopback only.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { createServer, request as httpsRequest, type Agent, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createLocalGateway } from '../../../local/runtime/gateway/index.js';
import type {
  BackendHealthReport,
  LocalGateway,
  ReadSecret,
} from '../../../local/runtime/gateway/index.js';
import type { ArmRecord, LoopbackMap } from '../../../local/runtime/types.js';
import type { TestLeaf } from '../../support/gateway-pki.js';
import { HOST } from '../../support/gateway-record.js';

export interface Backend {
  name: string;
  privateIp: string;
  /** Paths requested, probes included, in order. */
  requests: string[];
  probes: () => number;
  setHealthy: (healthy: boolean) => void;
  setCertificate: (leaf: TestLeaf) => void;
  /** Lets every held `/chunks` answer finish. */
  release: () => void;
  server: Server;
}

function backend(name: string, privateIp: string, leaf: TestLeaf): Backend {
  let healthy = true;
  let held: (() => void)[] = [];
  const requests: string[] = [];
  const server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    if (path === '/api/healthcheck') {
      res.writeHead(healthy ? 200 : 500, { 'content-type': 'application/json' });
      res.end(healthy ? '{"health":"OK","version":"test"}' : '{"health":"down"}');
    } else if (path === '/echo') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.headers));
    } else if (path === '/slow') {
      // never answers
    } else if (path === '/chunks') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first\n');
      held.push(() => res.end('second\n'));
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(name);
    }
  });
  return {
    name,
    privateIp,
    requests,
    probes: () => requests.filter((p) => p === '/api/healthcheck').length,
    setHealthy: (h) => (healthy = h),
    setCertificate: (l) => server.setSecureContext({ key: l.keyPem, cert: l.certPem }),
    release: () => {
      for (const finish of held) finish();
      held = [];
    },
    server,
  };
}

/** `a.b.c.d` → `127.b.c.d`, as the runtime maps the emulated VNet; every backend port → `port`. */
export function loopbackMap(port: number): LoopbackMap {
  return {
    address: (ip) => `127.${ip.split('.').slice(1).join('.')}`,
    port: () => port,
  };
}

export async function startBackends(
  specs: { name: string; privateIp: string; leaf: TestLeaf }[],
): Promise<{ backends: Record<string, Backend>; port: number; close: () => Promise<void> }> {
  const backends: Record<string, Backend> = {};
  let port = 0;
  for (const spec of specs) {
    const b = backend(spec.name, spec.privateIp, spec.leaf);
    const address = loopbackMap(0).address(spec.privateIp);
    await new Promise<void>((resolve) => b.server.listen(port, address, resolve));
    port = (b.server.address() as AddressInfo).port;
    backends[spec.name] = b;
  }
  const close = async () => {
    for (const b of Object.values(backends)) {
      b.release();
      b.server.closeAllConnections();
      await new Promise((resolve) => b.server.close(resolve));
    }
  };
  return { backends, port, close };
}

/** A vault holding one secret whose latest version the test sets. */
export function fakeVault(pfx: string, version: string) {
  let current = { pfx, version };
  const reads: string[] = [];
  const readSecret: ReadSecret = (secretId, identity) => {
    reads.push(`${secretId} as ${identity.principalId}`);
    return Promise.resolve({
      value: current.pfx,
      contentType: 'application/x-pkcs12',
      id: `${secretId}/${current.version}`,
    });
  };
  return { readSecret, reads, set: (p: string, v: string) => (current = { pfx: p, version: v }) };
}

export interface RunningGateway {
  gateway: LocalGateway;
  logs: string[];
  reports: BackendHealthReport[];
  port: (protocol: 'Http' | 'Https') => number;
}

export async function startGateway(
  record: ArmRecord,
  backendPort: number,
  readSecret: ReadSecret,
  timeScale = 0.00001,
): Promise<RunningGateway> {
  const logs: string[] = [];
  const reports: BackendHealthReport[] = [];
  const gateway = createLocalGateway({
    loopback: loopbackMap(backendPort),
    listenPort: () => 0,
    readSecret,
    timeScale,
    reportHealth: (report) => {
      reports.push(report);
      return Promise.resolve();
    },
    log: (line) => logs.push(line),
    now: () => Date.now(),
  });
  gateway.update(record);
  await gateway.settled();
  const port = (protocol: 'Http' | 'Https') =>
    gateway.listeners().find((l) => l.protocol === protocol)?.localPort ?? 0;
  return { gateway, logs, reports, port };
}

/** The health of one address in the gateway's report. */
export function healthOf(gateway: LocalGateway, address: string): string | undefined {
  const servers = gateway
    .health()
    .backendAddressPools.flatMap((p) => p.backendHttpSettingsCollection.flatMap((s) => s.servers));
  return servers.find((s) => s.address === address)?.health;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The serial of the certificate the gateway served (HTTPS). */
  serial?: string;
  socket?: TLSSocket;
}

export function call(
  port: number,
  path: string,
  options: { ca?: string; protocol?: 'Http' | 'Https'; host?: string; agent?: Agent } = {},
  onFirstChunk?: () => void,
): Promise<Answer> {
  const host = options.host ?? HOST;
  return new Promise((resolve, reject) => {
    const common = { host: '127.0.0.1', port, path, headers: { host } };
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      const socket = res.socket as TLSSocket;
      const serial =
        typeof socket.getPeerCertificate === 'function'
          ? socket.getPeerCertificate().serialNumber
          : undefined;
      res.on('data', (c: Buffer) => {
        if (chunks.length === 0) onFirstChunk?.();
        chunks.push(c);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(serial ? { serial } : {}),
          socket,
        }),
      );
    };
    const req =
      options.protocol === 'Http'
        ? httpRequest({ ...common, agent: false }, onAnswer)
        : httpsRequest(
            {
              ...common,
              servername: host,
              ...(options.ca ? { ca: options.ca } : {}),
              agent: options.agent ?? false,
            },
            onAnswer,
          );
    req.on('error', reject);
    req.end();
  });
}

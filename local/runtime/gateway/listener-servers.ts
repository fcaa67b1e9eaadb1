// One server on 127.0.0.1 per frontend port of the gateway, kept across updates while the port's
// protocol stays the same. HTTPS servers pick a certificate by SNI among the port's listeners and
// otherwise serve the first listener's: v2 "Returns appropriate certificate if available,
// otherwise, returns the certificate of the first HTTPS listener according to the order specified
// by the request routing rules associated with the HTTPS listeners" (ssl-overview.md, "Frontend
// TLS connection"). TLS 1.2 is the lowest version served (every predefined policy from
// AppGwSslPolicy20170401S on; the policies' cipher lists are not modelled).
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { Protocol } from './config-types.js';

export interface PortWanted {
  frontendPort: number;
  protocol: Protocol;
}

type Server = HttpServer | HttpsServer;

export interface PortServer extends PortWanted {
  localPort: number;
  server: Server;
}

export interface ListenerServersOptions {
  listenPort: (frontendPort: number) => number;
  log: (line: string) => void;
  handle: (port: PortWanted, req: IncomingMessage, res: ServerResponse) => void;
  /** The certificate for an SNI name (or none) on a frontend port. */
  contextFor: (frontendPort: number, serverName: string | undefined) => SecureContext | undefined;
  /** The key and chain served to clients that send no SNI. */
  defaultCertificate: (frontendPort: number) => { key: string; cert: string } | undefined;
}

export interface ListenerServers {
  sync(wanted: readonly PortWanted[]): Promise<void>;
  /** Certificates changed: swap the default context of every HTTPS server in place. */
  refreshCertificates(): void;
  bound(): PortServer[];
  close(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export function createListenerServers(options: ListenerServersOptions): ListenerServers {
  const servers = new Map<number, PortServer>();

  function create(wanted: PortWanted): Server {
    const handler = (req: IncomingMessage, res: ServerResponse) => options.handle(wanted, req, res);
    if (wanted.protocol === 'Http') return createHttpServer(handler);
    return createHttpsServer(
      {
        minVersion: 'TLSv1.2',
        SNICallback: (name, done) => {
          const context = options.contextFor(wanted.frontendPort, name);
          if (context) done(null, context);
          else done(new Error(`no certificate loaded for frontend port ${wanted.frontendPort}`));
        },
      },
      handler,
    );
  }

  async function bind(wanted: PortWanted): Promise<void> {
    const server = create(wanted);
    const port = options.listenPort(wanted.frontendPort);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
    } catch (err) {
      options.log(
        `frontend port ${wanted.frontendPort}: cannot listen on 127.0.0.1:${port}: ${(err as Error).message}`,
      );
      return;
    }
    const localPort = (server.address() as AddressInfo).port;
    const entry = { ...wanted, localPort, server };
    servers.set(wanted.frontendPort, entry);
    setDefault(entry);
    const scheme = wanted.protocol === 'Https' ? 'https' : 'http';
    options.log(
      `frontend port ${wanted.frontendPort} listens on ${scheme}://127.0.0.1:${localPort}`,
    );
  }

  function setDefault(entry: PortServer): void {
    if (entry.protocol !== 'Https') return;
    const certificate = options.defaultCertificate(entry.frontendPort);
    if (certificate && 'setSecureContext' in entry.server)
      entry.server.setSecureContext(certificate);
  }

  async function reconcile(wanted: readonly PortWanted[]): Promise<void> {
    const byPort = new Map(wanted.map((w) => [w.frontendPort, w]));
    const closing: Promise<void>[] = [];
    for (const [port, entry] of servers) {
      if (byPort.get(port)?.protocol === entry.protocol) continue;
      servers.delete(port);
      closing.push(closeServer(entry.server));
    }
    await Promise.all(closing);
    await Promise.all(wanted.filter((w) => !servers.has(w.frontendPort)).map(bind));
  }

  let queue = Promise.resolve();
  return {
    sync(wanted) {
      queue = queue.then(() => reconcile(wanted));
      return queue;
    },
    refreshCertificates() {
      for (const entry of servers.values()) setDefault(entry);
    },
    bound: () => [...servers.values()],
    async close() {
      await queue.catch(() => undefined);
      const all = [...servers.values()];
      servers.clear();
      await Promise.all(all.map((e) => closeServer(e.server)));
    },
  };
}

// The only file that touches sockets: reads a request into a HostRequest, hands it to the
// router, writes the HostResponse. A handler that throws becomes a 500, never a crashed host; a
// request addressed to another host name (DNS rebinding) gets a 403 before anything else.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHostHeader } from './host-header.js';
import type { HostRequest, HostResponse } from './http-types.js';
import { textResponse } from './http-types.js';
import { errorMessage } from './logs.js';
import type { HostLogger } from './types.js';

export type Router = (req: HostRequest) => Promise<HostResponse> | HostResponse;

const maxBodyBytes = 100 * 1024 * 1024;

export interface ListeningServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(
  port: number,
  router: Router,
  logger: HostLogger,
): Promise<ListeningServer> {
  const server = createServer((req, res) => {
    void handle(req, res, router, logger);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  router: Router,
  logger: HostLogger,
) {
  let response: HostResponse;
  try {
    if (!isLoopbackHostHeader(req.headers.host)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(
        'The Host header must name this machine (localhost, 127.0.0.0/8 or [::1]): the local host refuses other names (DNS rebinding).',
      );
      return;
    }
    const body = await readBody(req);
    response =
      body === undefined
        ? textResponse(413, 'Request body too large.')
        : await router(toHostRequest(req, body));
  } catch (err) {
    // The path only: the query may hold a key (`code=`).
    logger.error(
      `${req.method ?? '?'} ${(req.url ?? '').split('?')[0]} failed: ${errorMessage(err)}`,
    );
    response = textResponse(500, 'Internal Server Error');
  }
  res.writeHead(response.status, response.headers as Record<string, string | string[]> | undefined);
  res.end(response.body);
}

function toHostRequest(req: IncomingMessage, body: Buffer): HostRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const host = req.headers.host ?? '127.0.0.1';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: new URL(req.url ?? '/', `http://${host}`),
    headers,
    body,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

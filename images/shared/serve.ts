import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FetchApp } from './fetch-app.js';

/**
 * node:http in front of a FetchApp: the one place a workload image touches a socket. A request
 * the app throws on gets a 500 and one log line without the request body.
 */
export function serve(
  app: FetchApp,
  options: { port: number; host?: string; log?: (line: string) => void },
): Promise<Server> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = createServer((req, res) => {
    handle(app, req, res).catch((error: unknown) => {
      log(`request ${req.method ?? ''} ${req.url ?? ''} failed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}

async function handle(app: FetchApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = await app.fetch(await toRequest(req));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function toRequest(req: IncomingMessage): Promise<Request> {
  // Appended, not resolved: `new URL('//x/y', base)` would read `x` as a host (RFC 3986 §4.2).
  const url = new URL(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Request(url, { method, headers, body: Buffer.concat(chunks) });
}

/** Stops accepting connections on SIGTERM/SIGINT, so ACI's stop is a clean exit. */
export function closeOnSignals(server: Server): void {
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** `PORT` from the environment, or the image's default when unset. */
export function portFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new Error(
      `PORT must be a TCP port number (0 picks a free one), got ${JSON.stringify(value)}`,
    );
  }
  return port;
}

/** The port a listening server got (the one asked for, or the free one picked for 0). */
export function boundPort(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

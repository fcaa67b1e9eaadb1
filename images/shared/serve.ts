import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
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
    handle(app, req, res, server).catch((error: unknown) => {
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

/** Servers being drained: their answers close the connection instead of keeping it alive. */
const draining = new WeakSet<Server>();

/**
 * Event streams being served, per server: they never end by themselves, so a drain ends them
 * (the browser's EventSource reconnects, through the gateway, to a group still running).
 */
const eventStreams = new WeakMap<Server, Set<ServerResponse>>();

function trackEventStream(server: Server, res: ServerResponse): void {
  const streams = eventStreams.get(server) ?? new Set<ServerResponse>();
  eventStreams.set(server, streams);
  streams.add(res);
  res.once('close', () => streams.delete(res));
}

async function handle(
  app: FetchApp,
  req: IncomingMessage,
  res: ServerResponse,
  server: Server,
): Promise<void> {
  const response = await app.fetch(await toRequest(req));
  const headers = Object.fromEntries(response.headers);
  if (draining.has(server)) headers.connection = 'close';
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  if (headers['content-type']?.startsWith('text/event-stream')) trackEventStream(server, res);
  // Streamed, not collected: a server-sent event stream (the dashboard's) never ends by itself.
  // A client that goes away destroys `res`, and pipeline then cancels the app's stream.
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), res);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
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

/** How a drain ended: every request answered, or the deadline came first and cut the rest. */
export type DrainOutcome = 'drained' | 'forced';

/**
 * Stops accepting connections and lets the requests in flight finish: idle keep-alive connections
 * are closed now, busy ones once their answer (sent with `Connection: close`) is out. When
 * `deadline` aborts first, every connection still open is closed. Resolves once the server has
 * no connection left.
 */
export function drain(server: Server, deadline: AbortSignal): Promise<DrainOutcome> {
  draining.add(server);
  for (const stream of eventStreams.get(server) ?? []) stream.destroy();
  return new Promise((resolve) => {
    let outcome: DrainOutcome = 'drained';
    const cut = () => {
      outcome = 'forced';
      server.closeAllConnections();
    };
    server.close(() => {
      deadline.removeEventListener('abort', cut);
      resolve(outcome);
    });
    server.closeIdleConnections();
    if (deadline.aborted) cut();
    else deadline.addEventListener('abort', cut, { once: true });
  });
}

/**
 * How long a stopping container lets requests in flight finish. ACI documents no grace period
 * between its stop signal and the kill: "ACI doesn't support a way to configure how the
 * termination should be handled, and what grace period to be used" (virtual-kubelet/azure-aci#28),
 * and Azure/azure-cli#16673 reports `az container stop` killing without SIGTERM. So the deadline
 * is short (inferred, as Docker's default `docker stop` timeout), and a kill that comes first
 * cuts what is left, as it would have anyway.
 */
export const DRAIN_DEADLINE_MS = 10_000;

export interface SignalOptions {
  deadlineMs?: number;
  /** Where the signals come from; `process` unless a test passes its own. */
  signals?: Pick<NodeJS.EventEmitter, 'once'>;
  exit?: (code: number) => void;
  log?: (line: string) => void;
}

/**
 * On SIGTERM or SIGINT (ACI's stop), drains the server (see `drain`) within the deadline, then
 * exits 0: requests in flight are answered, new connections are refused.
 */
export function closeOnSignals(server: Server, options: SignalOptions = {}): void {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const deadlineMs = options.deadlineMs ?? DRAIN_DEADLINE_MS;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing the requests in flight (at most ${deadlineMs / 1000} s)`);
    void drain(server, AbortSignal.timeout(deadlineMs)).then((outcome) => {
      if (outcome === 'forced') log(`requests still open after ${deadlineMs / 1000} s were cut`);
      exit(0);
    });
  };
  signals.once('SIGTERM', () => stop('SIGTERM'));
  signals.once('SIGINT', () => stop('SIGINT'));
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

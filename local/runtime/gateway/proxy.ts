// Forwarding one request to a pool member and its answer back.
//
// The request body is read whole first (the request buffer is on by default: "By default, both
// Request and Response buffers are enabled on your Application Gateway resource",
// application-gateway/proxy-buffers.md), so a timed-out request can be sent again. The answer is
// buffered the same way unless `globalConfiguration.enableResponseBuffering` is false; the plan
// leaves the default, so server-sent events reach the client only at the end of the response
// (use-server-sent-events.md: "The Response Buffers on Application Gateway resource should be
// disabled"; ledger row 95).
//
// "In Application Gateway v2, if the application gateway doesn't receive a response from the
// backend application in this interval, the request will be tried against a second backend pool
// member. If the second request fails the user request gets a 504 error"
// (application-gateway-troubleshooting-502.md, "Request time-out"). The request time-out is real
// time and counts while nothing arrives (streamed: "configured to exceed the idle time between
// events", use-server-sent-events.md). A backend that refuses the connection or fails TLS gets
// the client a 502 ("Upstream SSL certificate does not match", same page).
import {
  request as httpRequest,
  type Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { BackendTlsOptions } from './backend-tls.js';
import { sendPage } from './error-pages.js';
import { responseHeaders } from './forwarded-headers.js';

export interface ForwardTarget {
  /** The member as the pool lists it, for logs. */
  address: string;
  host: string;
  port: number;
  /** The Host header this member gets. */
  hostHeader: string;
  /** TLS options for an Https backend. */
  tls?: BackendTlsOptions;
}

export interface ForwardRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  timeoutMs: number;
  responseBuffering: boolean;
  agent?: Agent | HttpsAgent;
}

type Outcome = { kind: 'answered' } | { kind: 'timeout' } | { kind: 'failed'; code?: string };

const bodiless = (method: string, status: number) =>
  method === 'HEAD' || status === 204 || status === 304;

function relay(answer: IncomingMessage, res: ServerResponse, request: ForwardRequest): void {
  const status = answer.statusCode ?? 502;
  const headers = responseHeaders(answer.headers);
  answer.on('error', () => res.destroy());
  if (!request.responseBuffering || bodiless(request.method, status)) {
    res.writeHead(status, headers);
    res.flushHeaders();
    answer.pipe(res);
    return;
  }
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(status, { ...headers, 'content-length': body.length });
    res.end(body);
  });
}

function attempt(
  target: ForwardTarget,
  request: ForwardRequest,
  res: ServerResponse,
): Promise<Outcome> {
  return new Promise((resolve) => {
    let answered = false;
    const headers = { ...request.headers, host: target.hostHeader };
    if (request.body.length > 0) headers['content-length'] = request.body.length;
    else delete headers['content-length'];
    const options = {
      host: target.host,
      port: target.port,
      method: request.method,
      path: request.url,
      headers,
      ...(request.agent ? { agent: request.agent } : {}),
    };
    const onAnswer = (answer: IncomingMessage) => {
      answered = true;
      relay(answer, res, request);
      resolve({ kind: 'answered' });
    };
    const upstream = target.tls
      ? httpsRequest({ ...options, ...target.tls }, onAnswer)
      : httpRequest(options, onAnswer);
    upstream.setTimeout(request.timeoutMs, () => {
      upstream.destroy();
      if (answered) res.destroy();
      else resolve({ kind: 'timeout' });
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (answered) res.destroy();
      else resolve({ kind: 'failed', ...(err.code ? { code: err.code } : {}) });
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(request.body);
  });
}

/**
 * Sends the request to the first candidate (the healthy members in round-robin order), to the
 * second when the first times out; answers the gateway's 502 or 504 page when that fails.
 * Returns what went wrong, for the log, or nothing when a backend answered.
 */
export async function forward(
  candidates: readonly ForwardTarget[],
  request: ForwardRequest,
  res: ServerResponse,
): Promise<string | undefined> {
  const [first, second] = candidates;
  if (!first) {
    sendPage(res, 502);
    return '502: no healthy member in the pool';
  }
  const outcome = await attempt(first, request, res);
  if (outcome.kind === 'answered') return undefined;
  if (outcome.kind === 'failed') {
    sendPage(res, 502);
    return `502: ${first.address} (${first.host}:${first.port}) failed: ${outcome.code ?? 'error'}`;
  }
  const retried = second ? await attempt(second, request, res) : undefined;
  if (retried?.kind === 'answered') return undefined;
  sendPage(res, 504);
  const tried = [first, second].flatMap((t) => (t ? [t.address] : [])).join(', then ');
  return `504: no answer within ${request.timeoutMs} ms from ${tried}`;
}

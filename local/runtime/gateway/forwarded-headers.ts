// The request headers a backend receives (pure).
//
// "Application gateway inserts six additional headers to all requests before it forwards the
// requests to the backend. These headers are x-forwarded-for, x-forwarded-port,
// x-forwarded-proto, x-original-host, x-original-url, and x-appgw-trace-id … The format for
// x-forwarded-for header is a comma-separated list of IP:port … X-forwarded-port specifies the
// port where the request reached the application gateway. X-original-host header contains the
// original host header with which the request arrived" (how-application-gateway-works.md,
// "Modifications to the request"). Inferred: the client's entry is appended to an
// X-Forwarded-For the request already had (it is "a comma-separated list"); x-forwarded-proto is
// sent in lower case (the page calls the values "HTTP or HTTPS" without saying the case), and
// x-forwarded-port is the frontend port of the resource, not the loopback port bound locally.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** Hop-by-hop headers (RFC 9110 §7.6.1) are never forwarded. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
]);

export interface ForwardedFrom {
  clientAddress: string;
  clientPort: number;
  frontendPort: number;
  protocol: 'Http' | 'Https';
  /** The request target as it arrived: path and query. */
  url: string;
  traceId: string;
}

/** The client's headers and the six Azure adds; the Host header is set per member (proxy.ts). */
export function forwardedHeaders(
  incoming: IncomingHttpHeaders,
  from: ForwardedFrom,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  const client = `${from.clientAddress.replace(/^::ffff:/, '')}:${from.clientPort}`;
  const earlier = incoming['x-forwarded-for'];
  headers['x-forwarded-for'] = earlier ? `${String(earlier)}, ${client}` : client;
  headers['x-forwarded-port'] = String(from.frontendPort);
  headers['x-forwarded-proto'] = from.protocol.toLowerCase();
  headers['x-original-host'] = incoming.host ?? '';
  headers['x-original-url'] = from.url;
  headers['x-appgw-trace-id'] = from.traceId;
  return headers;
}

/** The response headers the client gets: the backend's, without hop-by-hop ones. */
export function responseHeaders(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  return headers;
}

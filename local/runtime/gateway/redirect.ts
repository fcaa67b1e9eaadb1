// A redirect configuration's answer (pure). "Customers could also choose whether redirection is a
// temporary (HTTP status code 302) or a permanent redirect (HTTP status code 301)", with options
// "to enable appending the URI path and query string to the redirected URL", to another listener
// or an external site (application-gateway-redirect-overview.md); SeeOther and Temporary are the
// REST spec's other `ApplicationGatewayRedirectType` values (303, 307).
import type { ListenerConfig, RedirectConfig } from './config-types.js';

const STATUS = { Permanent: 301, Found: 302, SeeOther: 303, Temporary: 307 } as const;

export interface RedirectAnswer {
  status: number;
  location: string;
}

export interface RedirectRequest {
  /** The request's host, without port. */
  host: string;
  /** The request target: path and query. */
  url: string;
}

function split(url: string): { path: string; query: string } {
  const at = url.indexOf('?');
  return at < 0 ? { path: url, query: '' } : { path: url.slice(0, at), query: url.slice(at + 1) };
}

/**
 * Where a redirect sends the client. To a listener: its scheme, its host name (the request's host
 * when it has none or a wildcard) and the port it is bound to on this machine, left out when it is
 * the scheme's default (locally the target's frontend port 443 is some other loopback port; a
 * Location without it could not be followed).
 */
export function redirectAnswer(
  redirect: RedirectConfig,
  request: RedirectRequest,
  target: { listener: ListenerConfig; localPort: number } | undefined,
): RedirectAnswer | undefined {
  const { path, query } = split(request.url);
  const suffix = (base: string) =>
    `${base}${redirect.includePath ? path : base.endsWith('/') ? '' : '/'}` +
    (redirect.includeQueryString && query ? `?${query}` : '');
  const status = STATUS[redirect.redirectType];
  if (redirect.targetUrl) {
    const base = redirect.includePath ? redirect.targetUrl.replace(/\/$/, '') : redirect.targetUrl;
    return { status, location: suffix(base) };
  }
  if (!target) return undefined;
  const scheme = target.listener.protocol === 'Https' ? 'https' : 'http';
  const named = target.listener.hostNames.find((h) => !/[*?]/.test(h));
  const defaultPort = scheme === 'https' ? 443 : 80;
  const port = target.localPort === defaultPort ? '' : `:${target.localPort}`;
  return { status, location: suffix(`${scheme}://${named ?? request.host}${port}`) };
}

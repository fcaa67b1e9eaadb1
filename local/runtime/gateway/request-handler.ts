// What a listener does with one request: the rule its listener and host select (by priority), then
// the rule's redirect, or the pool's next healthy member through the rule's backend settings.
import { randomBytes } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Agent } from 'node:http';
import { backendTlsOptions, loopbackTarget } from './backend-tls.js';
import type { GatewayConfig, PoolMember, RuleConfig, SettingsConfig } from './config-types.js';
import { sendPage } from './error-pages.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { targetKey } from './health-report.js';
import { hostOnly, routeFor } from './listener-match.js';
import type { PortWanted } from './listener-servers.js';
import { forward, type ForwardTarget } from './proxy.js';
import { redirectAnswer } from './redirect.js';
import type { RoundRobin } from './round-robin.js';
import type { LoopbackMap } from '../types.js';

export interface HandlerContext {
  config: () => GatewayConfig | undefined;
  isHealthy: (key: string) => boolean;
  roundRobin: RoundRobin;
  loopback: LoopbackMap;
  wellKnownRoots: readonly string[];
  agentFor: (settings: SettingsConfig) => Agent | HttpsAgent;
  localPortOf: (frontendPort: number) => number | undefined;
  log: (line: string) => void;
}

/**
 * Host header and SNI for one member: the settings' host name; with
 * `pickHostNameFromBackendAddress`, the member's address; otherwise the client's host ("SNI will
 * be set as the hostname from the input FQDN from the client and the backend certificate's CN has
 * to match with this hostname", ssl-overview.md, "For live traffic").
 */
function target(
  ctx: HandlerContext,
  settings: SettingsConfig,
  member: PoolMember & { ipAddress: string },
  clientHost: { header: string; name: string },
): ForwardTarget {
  const picked = settings.pickHostNameFromBackendAddress ? member.address : undefined;
  const name = settings.hostName ?? picked ?? clientHost.name;
  const { host, port } = loopbackTarget(ctx.loopback, member.ipAddress, settings.port);
  return {
    address: member.address,
    host,
    port,
    hostHeader: settings.hostName ?? picked ?? clientHost.header,
    ...(settings.protocol === 'Https'
      ? { tls: backendTlsOptions(settings, name, ctx.wellKnownRoots) }
      : {}),
  };
}

async function toPool(
  ctx: HandlerContext,
  config: GatewayConfig,
  rule: RuleConfig,
  port: PortWanted,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const pool = rule.poolId ? config.pools.get(rule.poolId) : undefined;
  const settings = rule.settingsId ? config.settings.get(rule.settingsId) : undefined;
  const body = await buffer(req);
  const healthy = (pool?.members ?? []).filter(
    (m): m is PoolMember & { ipAddress: string } =>
      m.ipAddress !== undefined &&
      settings !== undefined &&
      ctx.isHealthy(targetKey(pool?.id ?? '', settings.id, m.address)),
  );
  const header = req.headers.host ?? '';
  const clientHost = { header, name: hostOnly(header) };
  const order = settings ? ctx.roundRobin.order(`${pool?.id}|${settings.id}`, healthy) : [];
  const candidates = settings
    ? order.slice(0, 2).map((m) => target(ctx, settings, m, clientHost))
    : [];
  const url = req.url ?? '/';
  const problem = await forward(
    candidates,
    {
      method: req.method ?? 'GET',
      url,
      headers: forwardedHeaders(req.headers, {
        clientAddress: req.socket.remoteAddress ?? '',
        clientPort: req.socket.remotePort ?? 0,
        frontendPort: port.frontendPort,
        protocol: port.protocol,
        url,
        traceId: randomBytes(16).toString('hex'),
      }),
      body,
      timeoutMs: (settings?.requestTimeoutSeconds ?? 20) * 1000,
      responseBuffering: config.responseBuffering,
      ...(settings ? { agent: ctx.agentFor(settings) } : {}),
    },
    res,
  );
  if (problem)
    ctx.log(`${req.method ?? 'GET'} ${url.split('?')[0] ?? ''} (rule ${rule.name}): ${problem}`);
}

function toRedirect(
  ctx: HandlerContext,
  config: GatewayConfig,
  rule: RuleConfig,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const redirect = rule.redirectId ? config.redirects.get(rule.redirectId) : undefined;
  const listener = config.listeners.find((l) => l.id === redirect?.targetListenerId);
  const localPort = listener ? ctx.localPortOf(listener.frontendPort) : undefined;
  const answer = redirect
    ? redirectAnswer(
        redirect,
        { host: hostOnly(req.headers.host), url: req.url ?? '/' },
        listener && localPort !== undefined ? { listener, localPort } : undefined,
      )
    : undefined;
  if (answer) sendPage(res, answer.status, { location: answer.location });
  else sendPage(res, 404);
}

export function handleRequest(
  ctx: HandlerContext,
  port: PortWanted,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const config = ctx.config();
  const route = config && routeFor(config, port.frontendPort, hostOnly(req.headers.host));
  if (!config || !route || route.listener.protocol !== port.protocol) {
    sendPage(res, 404);
    return;
  }
  if (route.rule.redirectId) {
    toRedirect(ctx, config, route.rule, req, res);
    return;
  }
  toPool(ctx, config, route.rule, port, req, res).catch((err: unknown) => {
    ctx.log(
      `request failed before reaching a backend: ${err instanceof Error ? err.message : String(err)}`,
    );
    sendPage(res, 502);
  });
}

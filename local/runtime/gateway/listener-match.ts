// Which rule answers a request: v2 evaluates the rules by priority, each for its listener's port
// and host names (pure).
import type { GatewayConfig, ListenerConfig, RuleConfig } from './config-types.js';

/** `*` and `?` wildcards, case-insensitive (multi-site listeners' `hostNames`). */
export function hostMatches(pattern: string, host: string): boolean {
  const source = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(host.toLowerCase());
}

/** The host of a Host header or SNI name, without its port and a trailing dot. */
export function hostOnly(header: string | undefined): string {
  const value = (header ?? '').trim();
  const host = value.startsWith('[') ? value.slice(0, value.indexOf(']') + 1) : value.split(':')[0];
  return (host ?? '').replace(/\.$/, '').toLowerCase();
}

export function listenerServes(listener: ListenerConfig, host: string): boolean {
  return listener.hostNames.length === 0 || listener.hostNames.some((p) => hostMatches(p, host));
}

export interface Route {
  rule: RuleConfig;
  listener: ListenerConfig;
}

/**
 * The first rule, by priority, whose listener is on this frontend port and serves the host
 * ("Rules are processed in the order they're listed in the portal for v1 SKU"; v2 by priority,
 * how-application-gateway-works.md and the rule `priority`). None: the gateway answers 404 (a v2
 * gateway with only multi-site listeners, reached by another name, "the result is a 404",
 * MicrosoftDocs/azure-docs#67067).
 */
export function routeFor(
  config: GatewayConfig,
  frontendPort: number,
  host: string,
): Route | undefined {
  for (const rule of config.rules) {
    const listener = config.listeners.find((l) => l.id === rule.listenerId);
    if (listener?.frontendPort === frontendPort && listenerServes(listener, host)) {
      return { rule, listener };
    }
  }
  return undefined;
}

/** The listeners of one frontend port, in the order their rules are evaluated. */
export function listenersOnPort(config: GatewayConfig, frontendPort: number): ListenerConfig[] {
  const ordered = config.rules.flatMap(
    (r) => config.listeners.find((l) => l.id === r.listenerId) ?? [],
  );
  const all = [...ordered, ...config.listeners];
  return all.filter((l, i) => l.frontendPort === frontendPort && all.indexOf(l) === i);
}

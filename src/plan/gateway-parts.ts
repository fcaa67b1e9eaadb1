// The parts of the Application Gateway body (listeners, rules, pools, probes), inline as ARM wants.
import { idRef, type PlanContext } from './context.js';
import { acmeTrustedRoots, trustedRootName } from './gateway-trust.js';
import { versionlessSecretId } from './key-vault.js';
import type { JsonObject } from './types.js';

/** Backend pool names the reconciler fills with container-group IPs. */
export const BACKEND_POOLS = { app: 'app', dashboard: 'dashboard' } as const;

/** Explicit priorities: v2 gateways require them on every rule (API 2021-08-01 and later). */
export const RULE_PRIORITIES = { https: 100, httpRedirect: 200, dashboard: 300 } as const;

/**
 * What each gateway probe asks. App groups: the API's `/api/healthcheck`, which answers
 * `{"health":"OK",…}` without opening a database connection (images/api), so probes from every
 * gateway instance and listener cost the database nothing, and a database outage does not empty
 * the pool. Dashboard group: `/healthz`, which its nginx passes to the dashboard app
 * (src/plan/nginx.ts), so the probe fails when the app does, not only when nginx does.
 */
export const HEALTH_PATHS = { app: '/api/healthcheck', dashboard: '/healthz' } as const;

/**
 * Text a healthy app answer must contain besides a 200-399 status: only the API says it, so a
 * 200 from anything else on the path (a fallback page) does not count. Application Gateway's
 * "HTTP response body match" looks for "presence of user specified string in response body"
 * (application-gateway/application-gateway-probe-overview.md, "Probe matching").
 */
export const HEALTHY_BODY = { app: '"health":"OK"' } as const;

const PROBE = { interval: 30, timeout: 30, unhealthyThreshold: 3 } as const;
const REQUEST_TIMEOUT_SECONDS = 60;

/**
 * Connection draining: a backend taken out of its pool (a rolling change of the groups,
 * src/provisioning/stages/roll-forward.ts) gets no new requests but finishes those it has: "all
 * deregistering instances in a backend pool don't receive any new requests/connections while
 * maintaining the existing connections until the configured timeout value" (1 to 3600 seconds;
 * application-gateway/configuration-http-settings.md, "Connection draining"). As long as the
 * request timeout: the gateway gives up on any request after that anyway, so every request in
 * flight when the group leaves the pool completes, and a longer drain only slows each step of
 * the roll.
 */
const DRAIN_TIMEOUT_SECONDS = REQUEST_TIMEOUT_SECONDS;

/** Gateway child resources are referenced by full id, as ARM requires inside the gateway body. */
export function child(ctx: PlanContext, collection: string, name: string): JsonObject {
  return idRef(`${ctx.ids.gateway}/${collection}/${name}`);
}

/**
 * The dashboard is private by default: the gateway serves it (listener, rule, port, pool, settings,
 * probe) only when the spec opens it with `dashboard.publicAccess`, whose source ranges the
 * gateway subnet's NSG enforces (network.ts). Otherwise it is reached inside the VNet only.
 */
export function dashboardPublic(ctx: PlanContext): boolean {
  return ctx.spec.dashboard.enabled && ctx.spec.dashboard.publicAccess !== undefined;
}

export function frontendPorts(ctx: PlanContext): JsonObject[] {
  const ports = [80, 443];
  if (dashboardPublic(ctx)) ports.push(ctx.spec.gateway.dashboardPort);
  return ports.map((port) => ({ name: `port-${port}`, properties: { port } }));
}

export function sslCertificates(ctx: PlanContext): JsonObject[] {
  return [
    {
      name: ctx.spec.names.certificate,
      properties: { keyVaultSecretId: versionlessSecretId(ctx) },
    },
  ];
}

function listener(ctx: PlanContext, name: string, port: number, https: boolean): JsonObject {
  const properties: JsonObject = {
    frontendIPConfiguration: child(ctx, 'frontendIPConfigurations', 'public'),
    frontendPort: child(ctx, 'frontendPorts', `port-${port}`),
    protocol: https ? 'Https' : 'Http',
    hostName: ctx.spec.gateway.hostName,
  };
  if (https) {
    properties.sslCertificate = child(ctx, 'sslCertificates', ctx.spec.names.certificate);
    properties.requireServerNameIndication = true;
  }
  return { name, properties };
}

export function httpListeners(ctx: PlanContext): JsonObject[] {
  const listeners = [listener(ctx, 'https', 443, true), listener(ctx, 'http', 80, false)];
  if (dashboardPublic(ctx)) {
    listeners.push(listener(ctx, 'dashboard', ctx.spec.gateway.dashboardPort, true));
  }
  return listeners;
}

export function redirectConfigurations(ctx: PlanContext): JsonObject[] {
  return [
    {
      name: 'http-to-https',
      properties: {
        redirectType: 'Permanent',
        targetListener: child(ctx, 'httpListeners', 'https'),
        includePath: true,
        includeQueryString: true,
      },
    },
  ];
}

/**
 * Pools start empty: the reconciler writes the container groups' current private IPs (not FQDNs,
 * which the gateway caches and which go stale when a group restarts with a new IP). A re-PUT of
 * this plan therefore goes through the reconciler, which carries the current addresses over.
 */
export function backendAddressPools(ctx: PlanContext): JsonObject[] {
  const pools: string[] = [BACKEND_POOLS.app];
  if (dashboardPublic(ctx)) pools.push(BACKEND_POOLS.dashboard);
  return pools.map((name) => ({ name, properties: { backendAddresses: [] } }));
}

/**
 * End-to-end TLS: the gateway connects to nginx on 443 with SNI and Host set to the public host
 * name, which the LetsEncrypt certificate on the sidecar covers. The chain and expiry are always
 * validated (`validateCertChainAndExpiry` left at its default, true): against the well-known CAs
 * for Let's Encrypt production, against the trusted roots of gateway-trust.ts otherwise.
 */
function backendSettings(ctx: PlanContext, name: string, probe: string): JsonObject {
  const properties: JsonObject = {
    port: 443,
    protocol: 'Https',
    cookieBasedAffinity: 'Disabled',
    hostName: ctx.spec.gateway.hostName,
    pickHostNameFromBackendAddress: false,
    requestTimeout: REQUEST_TIMEOUT_SECONDS,
    connectionDraining: { enabled: true, drainTimeoutInSec: DRAIN_TIMEOUT_SECONDS },
    probe: child(ctx, 'probes', probe),
  };
  const roots = acmeTrustedRoots(ctx);
  if (roots.length > 0) {
    properties.trustedRootCertificates = roots.map((_, i) =>
      child(ctx, 'trustedRootCertificates', trustedRootName(i)),
    );
  }
  return { name, properties };
}

export function backendHttpSettingsCollection(ctx: PlanContext): JsonObject[] {
  const settings = [backendSettings(ctx, 'app-https', 'app-health')];
  if (dashboardPublic(ctx))
    settings.push(backendSettings(ctx, 'dashboard-https', 'dashboard-health'));
  return settings;
}

function probe(ctx: PlanContext, name: string, path: string, body?: string): JsonObject {
  const match: JsonObject = { statusCodes: ['200-399'] };
  if (body !== undefined) match.body = body;
  return {
    name,
    properties: {
      protocol: 'Https',
      host: ctx.spec.gateway.hostName,
      path,
      ...PROBE,
      pickHostNameFromBackendHttpSettings: false,
      match,
    },
  };
}

export function probes(ctx: PlanContext): JsonObject[] {
  const list = [probe(ctx, 'app-health', HEALTH_PATHS.app, HEALTHY_BODY.app)];
  if (dashboardPublic(ctx)) list.push(probe(ctx, 'dashboard-health', HEALTH_PATHS.dashboard));
  return list;
}

function rule(name: string, priority: number, properties: JsonObject): JsonObject {
  return { name, properties: { ruleType: 'Basic', priority, ...properties } };
}

export function requestRoutingRules(ctx: PlanContext): JsonObject[] {
  const rules = [
    rule('https', RULE_PRIORITIES.https, {
      httpListener: child(ctx, 'httpListeners', 'https'),
      backendAddressPool: child(ctx, 'backendAddressPools', BACKEND_POOLS.app),
      backendHttpSettings: child(ctx, 'backendHttpSettingsCollection', 'app-https'),
    }),
    rule('http-redirect', RULE_PRIORITIES.httpRedirect, {
      httpListener: child(ctx, 'httpListeners', 'http'),
      redirectConfiguration: child(ctx, 'redirectConfigurations', 'http-to-https'),
    }),
  ];
  if (dashboardPublic(ctx)) {
    rules.push(
      rule('dashboard', RULE_PRIORITIES.dashboard, {
        httpListener: child(ctx, 'httpListeners', 'dashboard'),
        backendAddressPool: child(ctx, 'backendAddressPools', BACKEND_POOLS.dashboard),
        backendHttpSettings: child(ctx, 'backendHttpSettingsCollection', 'dashboard-https'),
      }),
    );
  }
  return rules;
}

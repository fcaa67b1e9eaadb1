// Backend health reported by a local gateway that probes real processes (local/runtime/gateway),
// through the admin API: `PUT /_emulator/network/application-gateways/backend-health` with
// `{ gatewayId, backendAddressPools }` in the shape of ARM's `ApplicationGatewayBackendHealth`.
// Once a gateway has a report, its `backendhealth` action answers from it instead of the
// simulated health (application-gateways.ts): per pool and backend settings of the gateway as it
// is now, a server keeps its reported health, and an address the report does not know yet
// (added to the pool since) is Unknown until the next report.
import { errorResponse } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import { requireResource } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { EmuRequest, EmuResponse } from '../../core/model.js';

const TYPE = 'microsoft.network/applicationgateways';

/**
 * The values the service sends (application-gateway-backend-health-troubleshooting.md lists
 * Healthy, Unhealthy, Unknown); Partial and Draining are in the REST spec's
 * ApplicationGatewayBackendHealthServerHealth.
 */
const HEALTH = new Set(['Healthy', 'Unhealthy', 'Unknown', 'Partial', 'Draining']);

export interface ReportedServer {
  address: string;
  health: string;
  healthProbeLog?: string;
}

/** Servers by `<pool id>|<settings id>|<address>`, lower case. */
type Report = Map<string, ReportedServer>;

/** Beside the state's resources map, so an emulator reset forgets the reports too (run-once.ts). */
const reportsByState = new WeakMap<object, Map<string, Report>>();

function reports(ctx: EmulatorContext): Map<string, Report> {
  let held = reportsByState.get(ctx.state.resources);
  if (!held) {
    held = new Map();
    reportsByState.set(ctx.state.resources, held);
  }
  return held;
}

const serverKey = (poolId: string, settingsId: string, address: string) =>
  `${poolId}|${settingsId}|${address}`.toLowerCase();

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const idOf = (v: unknown): string | undefined =>
  isObject(v) && typeof v.id === 'string' ? v.id : undefined;

function isServer(v: unknown): v is ReportedServer {
  return (
    isObject(v) &&
    typeof v.address === 'string' &&
    typeof v.health === 'string' &&
    HEALTH.has(v.health) &&
    (v.healthProbeLog === undefined || typeof v.healthProbeLog === 'string')
  );
}

/** The report's servers by key, or undefined when the body is not the backendhealth shape. */
function parseReport(pools: unknown): Report | undefined {
  if (!Array.isArray(pools)) return undefined;
  const report: Report = new Map();
  for (const pool of pools) {
    const poolId = isObject(pool) ? idOf(pool.backendAddressPool) : undefined;
    const collection = isObject(pool) ? pool.backendHttpSettingsCollection : undefined;
    if (!poolId || !Array.isArray(collection)) return undefined;
    for (const entry of collection) {
      const settingsId = isObject(entry) ? idOf(entry.backendHttpSettings) : undefined;
      const servers = isObject(entry) ? entry.servers : undefined;
      if (!settingsId || !Array.isArray(servers) || !servers.every(isServer)) return undefined;
      for (const s of servers) report.set(serverKey(poolId, settingsId, s.address), s);
    }
  }
  return report;
}

const SHAPE =
  'Body must be { "gatewayId": "/subscriptions/…/applicationGateways/{name}", "backendAddressPools": [{ "backendAddressPool": { "id": "…" }, "backendHttpSettingsCollection": [{ "backendHttpSettings": { "id": "…" }, "servers": [{ "address": "192.168.1.4", "health": "Healthy|Unhealthy|Unknown|Partial|Draining", "healthProbeLog": "…" }] }] }] }.';

export function putReportedBackendHealth(ctx: EmulatorContext, req: EmuRequest): EmuResponse {
  const body = isObject(req.body) ? req.body : {};
  const gatewayId = body.gatewayId;
  const report = parseReport(body.backendAddressPools);
  if (typeof gatewayId !== 'string' || !report) {
    return errorResponse(400, 'InvalidRequestContent', SHAPE);
  }
  const gateway = requireResource(ctx, gatewayId);
  if (gateway.type.toLowerCase() !== TYPE) {
    return errorResponse(
      400,
      'InvalidRequestContent',
      `${gatewayId} is not an application gateway.`,
    );
  }
  reports(ctx).set(key(gatewayId), report);
  return { status: 204 };
}

/**
 * How the reported health answers for a gateway's server: the reported entry, Unknown for an
 * address the report does not hold; undefined when nothing was reported for the gateway.
 */
export function reportedHealthOf(
  ctx: EmulatorContext,
  gatewayId: string,
): ((poolId: string, settingsId: string, address: string) => ReportedServer) | undefined {
  const report = reports(ctx).get(key(gatewayId));
  if (!report) return undefined;
  return (poolId, settingsId, address) =>
    report.get(serverKey(poolId, settingsId, address)) ?? {
      address,
      health: 'Unknown',
      healthProbeLog:
        'The backend health status could not be retrieved yet: its first probe has not completed.',
    };
}

export function forgetReportedBackendHealth(ctx: EmulatorContext, gatewayId: string): void {
  reports(ctx).delete(key(gatewayId));
}

// Application Gateway v2: explicit rule priorities, sub-resource ids, `operationalState`,
// `Updating` while a PUT runs, references between its parts that resolve (gateway-references.ts),
// Key Vault certificates that must be enabled PFX secrets
// (gateway-key-vault.ts), backend trust by SKU and trusted roots that exist
// (application-gateway-trust.ts), and the `backendhealth` action. That action answers the health a
// local gateway reported from its real probes (reported-backend-health.ts, `PUT
// /_emulator/network/application-gateways/backend-health`, sent by local/runtime/gateway) once
// one was reported for the gateway; until then it simulates it: a pool address is Healthy only
// when a running container group owns that IP. When a local container runtime serves the gateway
// (`externalContainerRuntime`), nothing is simulated: until its probes report, every server is
// Unknown, as a gateway's are before its first probe.
//
// A PUT takes minutes ("Most deployments that use the v2 SKU take around 6 minutes",
// articles/application-gateway/application-gateway-faq.md; an update about 40 s: arm/latencies.ts, times the time
// scale) and is long-running (`x-ms-long-running-operation`, final state via
// `azure-async-operation`: ApplicationGateways_CreateOrUpdate in
// specification/network/resource-manager/Microsoft.Network/stable/*/applicationGateway.json). A
// PUT while another runs is accepted and cancels the running one, which ends `Canceled` with
// `CanceledAndSupersededDueToAnotherOperation` (generic-write.ts `startPut`, `supersedeName`):
// "if customer performed multiple PUT operations in quick succession on the same appgw resource,
// then the previous one gets cancelled and superseded by the new one" (Azure/azure-cli#21156, the
// service team; the same error in Azure/application-gateway-kubernetes-ingress#187). If-Match
// with a stale etag is refused with 412 (resource-store.ts `checkPreconditions`).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { acceptedResponse } from '../../arm/lro.js';
import { getResource, properties } from '../../arm/resource-store.js';
import { checkBackendTrust } from './application-gateway-trust.js';
import {
  checkKeyVaultSecretIds,
  forgetServedCertificates,
  keyVaultFailure,
  recordServedCertificates,
} from './gateway-key-vault.js';
import { checkGatewayReferences } from './gateway-references.js';
import { checkGatewaySubnetNsg } from './gateway-subnet-nsg.js';
import { ownerOfIp } from './ip-pool.js';
import { forgetReportedBackendHealth, reportedHealthOf } from './reported-backend-health.js';
import { appendBackendHealth } from './backend-health-timeline.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { latencyOf } from '../../arm/latencies.js';

type SubResource = {
  name?: string;
  id?: string;
  etag?: string;
  type?: string;
  properties?: Record<string, unknown>;
};

const TYPE = 'Microsoft.Network/applicationGateways';
const COLLECTIONS = [
  'gatewayIPConfigurations',
  'sslCertificates',
  'trustedRootCertificates',
  'authenticationCertificates',
  'frontendIPConfigurations',
  'frontendPorts',
  'backendAddressPools',
  'backendHttpSettingsCollection',
  'httpListeners',
  'requestRoutingRules',
  'probes',
  'redirectConfigurations',
  'rewriteRuleSets',
];

function collection(gw: ArmResource, name: string): SubResource[] {
  const value = properties(gw)[name];
  return Array.isArray(value) ? (value as SubResource[]) : [];
}

function checkPriorities(gw: ArmResource): void {
  const tier = String((properties(gw).sku as { tier?: string } | undefined)?.tier ?? 'Standard_v2');
  if (!tier.endsWith('_v2')) return;
  for (const rule of collection(gw, 'requestRoutingRules')) {
    const priority = rule.properties?.priority;
    if (typeof priority === 'number' && priority >= 1 && priority <= 20000) continue;
    const id = `${gw.id}/requestRoutingRules/${rule.name ?? ''}`;
    throw new ArmError(
      400,
      priority === undefined
        ? 'ApplicationGatewayRequestRoutingRulePriorityCannotBeEmpty'
        : 'ApplicationGatewayRequestRoutingRulePriorityOutOfRange',
      priority === undefined
        ? `Priority for the request routing rule ${id} cannot be empty. All request routing rules should have a priority defined starting from api-version 2021-08-01`
        : `Priority ${JSON.stringify(priority)} of the request routing rule ${id} must be between 1 and 20000.`,
    );
  }
}

function assignSubResourceIds(ctx: EmulatorContext, gw: ArmResource): void {
  for (const name of COLLECTIONS) {
    for (const item of collection(gw, name)) {
      item.id = `${gw.id}/${name}/${item.name ?? ''}`;
      item.etag = gw.etag as string;
      item.type = `${TYPE}/${name}`;
      item.properties = { ...item.properties, provisioningState: 'Succeeded' };
    }
  }
  void ctx;
}

/**
 * Healthy while a running container group owns the address; a group whose delete has begun serves
 * no more (inferred: container-instance/deleting.ts), though it holds the address until the end.
 */
function serverHealth(ctx: EmulatorContext, address: string): string {
  const owner = ownerOfIp(ctx, address);
  const group = owner ? getResource(ctx, owner) : undefined;
  if (!group || properties(group).provisioningState === 'Deleting') return 'Unhealthy';
  const state = (properties(group).instanceView as { state?: string } | undefined)?.state;
  return state === 'Running' ? 'Healthy' : 'Unhealthy';
}

/**
 * Azure reports, per pool, the backend settings that routing rules use with that pool (the
 * probe differs per settings), not every settings object of the gateway.
 */
function settingsUsedWith(gw: ArmResource, poolId: string | undefined): SubResource[] {
  const pairs = collection(gw, 'requestRoutingRules').map((rule) => {
    const p = rule.properties as
      { backendAddressPool?: { id?: string }; backendHttpSettings?: { id?: string } } | undefined;
    return {
      pool: p?.backendAddressPool?.id?.toLowerCase(),
      settings: p?.backendHttpSettings?.id?.toLowerCase(),
    };
  });
  return collection(gw, 'backendHttpSettingsCollection').filter((s) =>
    pairs.some(
      (pair) => pair.pool === poolId?.toLowerCase() && pair.settings === s.id?.toLowerCase(),
    ),
  );
}

/** Health without a local gateway's report: Healthy while a running container group owns the IP. */
function simulatedServer(ctx: EmulatorContext, a: { ipAddress?: string; fqdn?: string }) {
  const health = a.ipAddress ? serverHealth(ctx, a.ipAddress) : 'Unknown';
  return {
    address: a.ipAddress ?? a.fqdn,
    health,
    healthProbeLog:
      health === 'Healthy'
        ? 'Success. Received 200 status code'
        : 'Cannot connect to backend server.',
  };
}

export function backendHealth(ctx: EmulatorContext, gw: ArmResource) {
  const reported = reportedHealthOf(ctx, gw.id);
  return {
    backendAddressPools: collection(gw, 'backendAddressPools').map((pool) => {
      const settings = settingsUsedWith(gw, pool.id);
      const addresses = (pool.properties?.backendAddresses ?? []) as {
        ipAddress?: string;
        fqdn?: string;
      }[];
      return {
        backendAddressPool: { id: pool.id },
        backendHttpSettingsCollection: settings.map((s) => ({
          backendHttpSettings: { id: s.id },
          servers: addresses.map((a) => {
            const address = a.ipAddress ?? a.fqdn ?? '';
            if (!reported && ctx.config.externalContainerRuntime) {
              return { address, health: 'Unknown', healthProbeLog: 'Not probed yet.' };
            }
            if (!reported) return simulatedServer(ctx, a);
            const { health, healthProbeLog } = reported(pool.id ?? '', s.id ?? '', address);
            return { address, health, ...(healthProbeLog ? { healthProbeLog } : {}) };
          }),
        })),
      };
    }),
  };
}

/** Each pool's Healthy backends now, for every gateway, into the timeline (backend-health-timeline.ts). */
export function recordBackendHealth(ctx: EmulatorContext, cause: string): void {
  const gateways = [...ctx.state.resources.values()].filter((r) => r.type === TYPE);
  const pools = gateways.flatMap((gw) => {
    const health = backendHealth(ctx, gw).backendAddressPools;
    return collection(gw, 'backendAddressPools').map((pool) => {
      const servers = health
        .filter((h) => h.backendAddressPool.id === pool.id)
        .flatMap((h) => h.backendHttpSettingsCollection.flatMap((s) => s.servers));
      const healthy = new Set(servers.filter((s) => s.health === 'Healthy').map((s) => s.address));
      const backends = pool.properties?.backendAddresses;
      return {
        gatewayId: gw.id,
        pool: pool.name ?? '',
        backends: Array.isArray(backends) ? backends.length : 0,
        healthy: healthy.size,
      };
    });
  });
  appendBackendHealth(ctx, pools, cause);
}

/**
 * The same, once the request being handled has stored what it changed: handlers run
 * synchronously, and a PUT's `prepare` runs before the new body is stored.
 */
export function recordBackendHealthSoon(ctx: EmulatorContext, cause: string): void {
  queueMicrotask(() => recordBackendHealth(ctx, cause));
}

export const applicationGateways: TypeBehaviour = {
  type: TYPE,

  latency: latencyOf(TYPE),
  etag: 'weak',
  pendingState: 'Updating',
  supersedeName: 'PutApplicationGatewayOperation',
  prepare: (ctx, gw, existing) => {
    checkPriorities(gw);
    checkGatewayReferences(gw, COLLECTIONS);
    checkKeyVaultSecretIds(gw);
    checkBackendTrust(gw);
    checkGatewaySubnetNsg(ctx, gw);
    assignSubResourceIds(ctx, gw);
    const running = existing && properties(existing).operationalState === 'Running';
    properties(gw).operationalState = running ? 'Running' : 'Starting';
    recordBackendHealthSoon(ctx, `PUT ${gw.name} accepted`);
  },
  provisionCheck: keyVaultFailure,
  provisioned: (ctx, gw) => {
    properties(gw).operationalState = 'Running';
    recordServedCertificates(ctx, gw);
    recordBackendHealth(ctx, `PUT ${gw.name} completed`);
  },
  deleted: (ctx, gw) => {
    forgetServedCertificates(ctx, gw);
    forgetReportedBackendHealth(ctx, gw.id);
  },
  actions: {
    backendhealth: (ctx, gw, req, path) => {
      const op = ctx.startOperation({
        name: `${TYPE}/backendhealth/action`,
        resourceId: `${gw.id}/backendhealth`,
        durationMs: 10_000 * ctx.config.timeScale,
        complete: () => undefined,
        result: () => backendHealth(ctx, getResource(ctx, gw.id) ?? gw),
      });
      return acceptedResponse(ctx, req, path, op, { status: 202, location: true });
    },
  },
};

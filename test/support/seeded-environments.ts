// Environments as a finished deployment leaves them, as far as the reconciler reads them, put in
// place with plain ARM PUTs instead of a whole deployment: the resource group, a VNet whose
// container subnet is delegated to ACI, the container groups, the private zone with one A record
// per group, the gateway with its `app` and `dashboard` pools, and (optionally) the Event Grid
// subscription that sends container group events to the app. For benches and tests of the
// reconciler at a scale a real deployment per environment would make too slow.
import type { EmulatorHandle } from '../../local/emulator/index.js';
import {
  apiVersionOf,
  buildPlan,
  containerGroupRoles,
  groupRecords,
  ownershipTags,
  planIds,
  type PlanIds,
} from '../../src/plan/index.js';
import { parseSpec, type EnvironmentSpec } from '../../src/spec/index.js';
import { adminRequest } from './admin.js';
import { until } from './eventually.js';
import { exampleInput, specWith } from './specs.js';

export const SEEDED_SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';

/** The full example (3 app groups and the dashboard) as environment `env-<n>` in `rg-env-<n>`. */
export function seededSpecInput(n: number): Record<string, unknown> {
  const name = `env-${String(n).padStart(3, '0')}`;
  return specWith(
    { name, resourceGroup: `rg-${name}`, dns: { privateZone: `${name}.contoso.internal` } },
    exampleInput('full'),
  );
}

export interface SeededEnvironment {
  input: Record<string, unknown>;
  spec: EnvironmentSpec;
  ids: PlanIds;
  /** Container group ids, app groups first, then the dashboard. */
  groups: string[];
}

const api = (type: Parameters<typeof apiVersionOf>[0]) => apiVersionOf(type);

function parsed(input: Record<string, unknown>): EnvironmentSpec {
  const result = parseSpec(input);
  if (!result.ok) throw new Error(`seeded spec does not parse: ${JSON.stringify(result.problems)}`);
  return result.spec;
}

function containerGroupBody(spec: EnvironmentSpec, subnetId: string) {
  return {
    location: spec.location,
    tags: ownershipTags(spec),
    properties: {
      osType: 'Linux',
      restartPolicy: 'Always',
      sku: 'Standard',
      containers: [
        {
          name: 'sidecar',
          properties: {
            image: 'mcr.microsoft.com/aci-vnet-sidecars/sidecar:1.0.0',
            ports: [{ port: 443 }],
            resources: { requests: { cpu: 0.2, memoryInGB: 0.3 } },
          },
        },
      ],
      ipAddress: { type: 'Private', ports: [{ port: 443, protocol: 'TCP' }] },
      subnetIds: [{ id: subnetId }],
    },
  };
}

/** A gateway the emulator accepts, with the pools the reconciler writes; it reads nothing else. */
function gatewayBody(spec: EnvironmentSpec, ids: PlanIds, pools: Record<string, string[]>) {
  return {
    location: spec.location,
    tags: ownershipTags(spec),
    properties: {
      sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 1 },
      backendAddressPools: Object.entries(pools).map(([name, ips]) => ({
        name,
        properties: { backendAddresses: ips.map((ipAddress) => ({ ipAddress })) },
      })),
      requestRoutingRules: Object.keys(pools).map((name, i) => ({
        name: `rule-${name}`,
        properties: {
          ruleType: 'Basic',
          priority: 100 + i,
          backendAddressPool: { id: `${ids.gateway}/backendAddressPools/${name}` },
        },
      })),
    },
  };
}

type Arm = (method: string, id: string, apiVersion: string, body?: unknown) => Promise<unknown>;

async function putNetwork(arm: Arm, spec: EnvironmentSpec, ids: PlanIds): Promise<void> {
  await arm('PUT', ids.resourceGroup, '2025-04-01', { location: spec.location });
  await arm('PUT', ids.virtualNetwork, api('Microsoft.Network/virtualNetworks'), {
    location: spec.location,
    tags: ownershipTags(spec),
    properties: {
      addressSpace: { addressPrefixes: [spec.network.addressSpace] },
      subnets: [
        {
          name: spec.names.subnets.containers,
          properties: {
            addressPrefix: spec.network.subnets.containers,
            delegations: [
              {
                name: 'aci',
                properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' },
              },
            ],
          },
        },
        {
          name: spec.names.subnets.gateway,
          properties: { addressPrefix: spec.network.subnets.gateway },
        },
      ],
    },
  });
  await arm('PUT', ids.appPrivateZone, api('Microsoft.Network/privateDnsZones'), {
    location: 'global',
    tags: ownershipTags(spec),
  });
}

/**
 * Puts one environment in place and waits until its groups have their IPs, records and pools
 * hold them and the gateway's PUT has completed. `eventWebhookUrl`: also subscribe the app to the
 * resource group's container group events, as the deployment's event-grid stage does.
 */
export async function seedEnvironment(
  emu: EmulatorHandle,
  input: Record<string, unknown>,
  options: { eventWebhookUrl?: string } = {},
): Promise<SeededEnvironment> {
  const arm: Arm = (method, id, apiVersion, body) =>
    adminRequest(emu, method, `${id}?api-version=${apiVersion}`, body);
  const spec = parsed(input);
  const ids = planIds(spec);
  const roles = containerGroupRoles(spec, ids);
  await putNetwork(arm, spec, ids);
  const groupApi = api('Microsoft.ContainerInstance/containerGroups');
  const ips = new Map<string, string>();
  for (const role of roles) {
    const group = (await arm(
      'PUT',
      role.id,
      groupApi,
      containerGroupBody(spec, ids.subnets.containers),
    )) as { properties?: { ipAddress?: { ip?: string } } };
    const ip = group.properties?.ipAddress?.ip;
    if (!ip) throw new Error(`${role.id} got no IP`);
    ips.set(role.id.toLowerCase(), ip);
  }
  for (const record of groupRecords(spec, ips))
    await arm('PUT', record.id, api('Microsoft.Network/privateDnsZones/A'), record.body);
  const ipsOf = (routes: string) =>
    roles.filter((r) => r.routes === routes).map((r) => ips.get(r.id.toLowerCase()) ?? '');
  await arm(
    'PUT',
    ids.gateway,
    api('Microsoft.Network/applicationGateways'),
    gatewayBody(spec, ids, { app: ipsOf('app'), dashboard: ipsOf('dashboard') }),
  );
  if (options.eventWebhookUrl) {
    const plan = buildPlan(spec, {
      eventDestination: { endpointType: 'WebHook', endpointUrl: options.eventWebhookUrl },
    });
    for (const resource of plan.resources.filter((r) => r.area === 'event-grid'))
      await arm('PUT', resource.id, resource.apiVersion, resource.body);
  }
  const settled = async (id: string, apiVersion: string) =>
    ((await arm('GET', id, apiVersion)) as { properties?: { provisioningState?: string } })
      .properties?.provisioningState === 'Succeeded';
  await until(
    async () =>
      (await settled(ids.gateway, api('Microsoft.Network/applicationGateways'))) &&
      (await Promise.all(roles.map((r) => settled(r.id, groupApi)))).every(Boolean),
    { what: `the seeded resources of ${spec.name} to be provisioned` },
  );
  return { input, spec, ids, groups: roles.map((r) => r.id) };
}

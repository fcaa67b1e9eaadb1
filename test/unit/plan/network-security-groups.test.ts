import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, type Plan, type PlannedResource } from '../../../src/plan/index.js';
import { at, exampleSpec, list, named, ofType, only } from './helpers.js';

type Json = Record<string, unknown>;

function nsg(plan: Plan, suffix: string): PlannedResource {
  const found = ofType(plan, 'Microsoft.Network/networkSecurityGroups').filter((r) =>
    r.name.endsWith(`-${suffix}`),
  );
  assert.equal(found.length, 1, `expected one NSG ending -${suffix}`);
  return found[0]!;
}

function rules(resource: PlannedResource): Json[] {
  return list(resource.body, 'properties.securityRules');
}

/** `name → [access, source(s), destination, port(s), protocol, priority]` for compact checks. */
function summary(resource: PlannedResource): Record<string, unknown[]> {
  return Object.fromEntries(
    rules(resource).map((r): [string, unknown[]] => {
      const p = r.properties as Json;
      return [
        String(r.name),
        [
          p.access,
          p.sourceAddressPrefix ?? p.sourceAddressPrefixes,
          p.destinationAddressPrefix,
          p.destinationPortRange ?? p.destinationPortRanges,
          p.protocol,
          p.priority,
        ],
      ];
    }),
  );
}

const withDashboard = {
  dashboard: {
    enabled: true,
    publicAccess: { allowedSourceRanges: ['203.0.113.0/24', '198.51.100.7/32'] },
  },
};

/** The full example with its dashboard private, as every spec is unless it opens it. */
const privateDashboard: Json = { dashboard: { publicAccess: undefined } };

describe('network security groups', () => {
  test('give each subnet its own NSG, created before the VNet that references it', () => {
    const spec = exampleSpec('full');
    const plan = buildPlan(spec);
    const groups = ofType(plan, 'Microsoft.Network/networkSecurityGroups');
    assert.deepEqual(groups.map((g) => g.name).sort(), [
      'nsg-contoso-prod-containers',
      'nsg-contoso-prod-gateway',
      'nsg-contoso-prod-private-endpoints',
    ]);
    const vnet = only(plan, 'Microsoft.Network/virtualNetworks');
    const subnets = list(vnet.body, 'properties.subnets');
    for (const [subnet, suffix] of [
      ['snet-gateway', 'gateway'],
      ['snet-containers', 'containers'],
      ['snet-private-endpoints', 'private-endpoints'],
    ] as const) {
      const group = nsg(plan, suffix);
      assert.deepEqual(at(named(subnets, subnet), 'properties.networkSecurityGroup'), {
        id: group.id,
      });
      assert.ok(vnet.dependsOn.includes(group.id), `the VNet waits for ${group.name}`);
      assert.equal(group.body.location, spec.location);
    }
  });

  test('let only the gateway subnet reach the containers, on 443, and deny the rest of the VNet', () => {
    const plan = buildPlan(exampleSpec('full'));
    assert.deepEqual(summary(nsg(plan, 'containers')), {
      AllowGatewayHttps: ['Allow', '192.168.0.0/24', '192.168.1.0/24', '443', 'Tcp', 100],
      DenyVirtualNetworkInbound: ['Deny', 'VirtualNetwork', '*', '*', '*', 4096],
    });
  });

  test('let only the containers reach the SQL private endpoint, on 1433', () => {
    const plan = buildPlan(exampleSpec('full'));
    assert.deepEqual(summary(nsg(plan, 'private-endpoints')), {
      AllowContainersSql: ['Allow', '192.168.1.0/24', '192.168.2.0/27', '1433', 'Tcp', 100],
      DenyVirtualNetworkInbound: ['Deny', 'VirtualNetwork', '*', '*', '*', 4096],
    });
  });

  // configuration-infrastructure.md: GatewayManager on 65200-65535 and AzureLoadBalancer must be
  // allowed; the listeners' ports; then deny-all; no outbound rule.
  test('open the gateway subnet to what Application Gateway v2 needs and to its listeners only', () => {
    const plan = buildPlan(exampleSpec('full', privateDashboard));
    assert.deepEqual(summary(nsg(plan, 'gateway')), {
      AllowGatewayManager: ['Allow', 'GatewayManager', '*', '65200-65535', 'Tcp', 100],
      AllowAzureLoadBalancer: ['Allow', 'AzureLoadBalancer', '*', '*', '*', 110],
      AllowInternetHttpHttps: ['Allow', 'Internet', '192.168.0.0/24', ['80', '443'], 'Tcp', 120],
      DenyAllInbound: ['Deny', '*', '*', '*', '*', 4096],
    });
    const directions = rules(nsg(plan, 'gateway')).map((r) => at(r, 'properties.direction'));
    assert.deepEqual([...new Set(directions)], ['Inbound']);
  });

  test('open the dashboard port only to the allowed source ranges when public access is on', () => {
    const plan = buildPlan(exampleSpec('full', withDashboard));
    assert.deepEqual(summary(nsg(plan, 'gateway')).AllowDashboardSources, [
      'Allow',
      ['203.0.113.0/24', '198.51.100.7/32'],
      '192.168.0.0/24',
      '8443',
      'Tcp',
      130,
    ]);
  });

  test('keeps the dashboard port closed without public access', () => {
    const closed = buildPlan(exampleSpec('full', privateDashboard));
    assert.equal(summary(nsg(closed, 'gateway')).AllowDashboardSources, undefined);
  });

  test('keeps the dashboard port closed when the dashboard is off, whatever publicAccess says', () => {
    const off = buildPlan(
      exampleSpec('full', { dashboard: { ...withDashboard.dashboard, enabled: false } }),
    );
    assert.equal(summary(nsg(off, 'gateway')).AllowDashboardSources, undefined);
  });

  test('use priorities from 100 to 4096, each once per direction', () => {
    const plan = buildPlan(exampleSpec('full', withDashboard));
    for (const group of ofType(plan, 'Microsoft.Network/networkSecurityGroups')) {
      const priorities = rules(group).map((r) => at(r, 'properties.priority') as number);
      assert.ok(
        priorities.every((p) => p >= 100 && p <= 4096),
        `${group.name}: ${priorities.join(', ')}`,
      );
      assert.equal(new Set(priorities).size, priorities.length, group.name);
    }
  });

  // Network policies on a private endpoint's subnet are off by default; NSGs apply to private
  // endpoints only when enabled (private-link/disable-private-endpoint-network-policy.md).
  test('enables NSG network policies for the private endpoint subnet', () => {
    const vnet = only(buildPlan(exampleSpec('minimal')), 'Microsoft.Network/virtualNetworks');
    const pe = named(list(vnet.body, 'properties.subnets'), 'snet-private-endpoints');
    assert.equal(
      at(pe, 'properties.privateEndpointNetworkPolicies'),
      'NetworkSecurityGroupEnabled',
    );
  });

  test('gives the subnets Key Vault lets in the Microsoft.KeyVault service endpoint, and only them', () => {
    const vnet = only(buildPlan(exampleSpec('minimal')), 'Microsoft.Network/virtualNetworks');
    const subnets = list(vnet.body, 'properties.subnets');
    const endpoints = (name: string) => (named(subnets, name).properties as Json).serviceEndpoints;
    assert.deepEqual(endpoints('snet-gateway'), [{ service: 'Microsoft.KeyVault' }]);
    assert.deepEqual(endpoints('snet-containers'), [{ service: 'Microsoft.KeyVault' }]);
    assert.equal(endpoints('snet-private-endpoints'), undefined);
  });
});

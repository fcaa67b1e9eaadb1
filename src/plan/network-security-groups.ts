// One network security group per subnet, each allowing only the traffic the architecture needs:
// internet → gateway (80/443, the dashboard port to its allow list), gateway → containers :443,
// containers → SQL private endpoint :1433.
import { dashboardPublic } from './gateway-parts.js';
import { armId } from './ids.js';
import { planned, type PlanContext } from './context.js';
import type { JsonObject, PlannedResource } from './types.js';

export type SubnetRole = 'gateway' | 'containers' | 'privateEndpoints';

const NAME_SUFFIX: Record<SubnetRole, string> = {
  gateway: 'gateway',
  containers: 'containers',
  privateEndpoints: 'private-endpoints',
};

/**
 * Custom rules take priorities 100-4096, unique per direction ("Priority: A number between 100
 * and 4096", virtual-network/network-security-groups-overview.md). The deny rules sit last, just
 * before Azure's default rules (65000+), so every allow above them is an exception.
 */
export const NSG_PRIORITIES = {
  first: 100,
  second: 110,
  third: 120,
  fourth: 130,
  denyRest: 4096,
} as const;

/** Application Gateway v2's infrastructure ports (configuration-infrastructure.md). */
export const GATEWAY_MANAGER_PORTS = '65200-65535';

/** The NSG's resource id for a subnet: `nsg-<environment>-<subnet role>`, unique per resource group. */
export function nsgId(ctx: PlanContext, role: SubnetRole): string {
  return armId(
    ctx.ids.resourceGroup,
    'Microsoft.Network/networkSecurityGroups',
    `nsg-${ctx.spec.name}-${NAME_SUFFIX[role]}`,
  );
}

interface Rule {
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | '*';
  sources: string[];
  destination: string;
  ports: string[];
  description: string;
}

function securityRule(rule: Rule): JsonObject {
  const properties: JsonObject = {
    description: rule.description,
    priority: rule.priority,
    direction: 'Inbound',
    access: rule.access,
    protocol: rule.protocol,
    sourcePortRange: '*',
    destinationAddressPrefix: rule.destination,
  };
  if (rule.sources.length === 1) properties.sourceAddressPrefix = rule.sources[0]!;
  else properties.sourceAddressPrefixes = rule.sources;
  if (rule.ports.length === 1) properties.destinationPortRange = rule.ports[0]!;
  else properties.destinationPortRanges = rule.ports;
  return { name: rule.name, properties };
}

function denyRest(name: string, source: string, description: string): Rule {
  const priority = NSG_PRIORITIES.denyRest;
  return {
    name,
    priority,
    access: 'Deny',
    protocol: '*',
    sources: [source],
    destination: '*',
    ports: ['*'],
    description,
  };
}

/**
 * The gateway subnet, as configuration-infrastructure.md ("Allow access to a few source IPs")
 * orders it: the listeners' ports, GatewayManager on 65200-65535 ("required for Azure
 * infrastructure communication"; a v2 gateway whose subnet blocks it is refused), AzureLoadBalancer
 * ("must be allowed"), then deny-all. No outbound rule: "Outbound Internet connectivity can't be
 * blocked". The dashboard port opens only to `dashboard.publicAccess.allowedSourceRanges`.
 */
function gatewayRules(ctx: PlanContext): Rule[] {
  const { spec } = ctx;
  const subnet = spec.network.subnets.gateway;
  const rules: Rule[] = [
    {
      name: 'AllowGatewayManager',
      priority: NSG_PRIORITIES.first,
      access: 'Allow',
      protocol: 'Tcp',
      sources: ['GatewayManager'],
      destination: '*',
      ports: [GATEWAY_MANAGER_PORTS],
      description: 'Application Gateway v2 infrastructure communication (required)',
    },
    {
      name: 'AllowAzureLoadBalancer',
      priority: NSG_PRIORITIES.second,
      access: 'Allow',
      protocol: '*',
      sources: ['AzureLoadBalancer'],
      destination: '*',
      ports: ['*'],
      description: 'Azure Load Balancer probes (required)',
    },
    {
      name: 'AllowInternetHttpHttps',
      priority: NSG_PRIORITIES.third,
      access: 'Allow',
      protocol: 'Tcp',
      sources: ['Internet'],
      destination: subnet,
      ports: ['80', '443'],
      description: 'The HTTP (redirect) and HTTPS listeners',
    },
  ];
  // The same test as the gateway's dashboard listener: no listener, no open port.
  const publicAccess = spec.dashboard.publicAccess;
  if (publicAccess && dashboardPublic(ctx)) {
    rules.push({
      name: 'AllowDashboardSources',
      priority: NSG_PRIORITIES.fourth,
      access: 'Allow',
      protocol: 'Tcp',
      sources: publicAccess.allowedSourceRanges,
      destination: subnet,
      ports: [String(spec.gateway.dashboardPort)],
      description: 'The dashboard listener, from dashboard.publicAccess.allowedSourceRanges only',
    });
  }
  rules.push(denyRest('DenyAllInbound', '*', 'Everything else'));
  return rules;
}

/**
 * A subnet one other subnet reaches on one TCP port, and nothing else of the VNet: the first
 * allow, then a deny of VirtualNetwork (Azure's default AllowVnetInBound would let it all in).
 */
function onlyFromSubnet(allow: Omit<Rule, 'priority' | 'access' | 'protocol'>): Rule[] {
  return [
    { ...allow, priority: NSG_PRIORITIES.first, access: 'Allow', protocol: 'Tcp' },
    denyRest('DenyVirtualNetworkInbound', 'VirtualNetwork', 'Any other traffic from the VNet'),
  ];
}

/** Only the gateway reaches the container groups, on the sidecars' HTTPS port. */
function containersRules(ctx: PlanContext): Rule[] {
  const { subnets } = ctx.spec.network;
  return onlyFromSubnet({
    name: 'AllowGatewayHttps',
    sources: [subnets.gateway],
    destination: subnets.containers,
    ports: ['443'],
    description: 'Application Gateway to the nginx sidecars',
  });
}

/**
 * Only the containers reach the SQL private endpoint, on 1433: connections through a private
 * endpoint use the Proxy policy unless the server is explicitly set to Redirect ("clients need to
 * explicitly choose Redirect connection policy", azure-sql/database/private-endpoint-overview.md).
 */
function privateEndpointsRules(ctx: PlanContext): Rule[] {
  const { subnets } = ctx.spec.network;
  return onlyFromSubnet({
    name: 'AllowContainersSql',
    sources: [subnets.containers],
    destination: subnets.privateEndpoints,
    ports: ['1433'],
    description: 'The API containers to Azure SQL through its private endpoint',
  });
}

const RULES: Record<SubnetRole, (ctx: PlanContext) => Rule[]> = {
  gateway: gatewayRules,
  containers: containersRules,
  privateEndpoints: privateEndpointsRules,
};

export function networkSecurityGroups(ctx: PlanContext): PlannedResource[] {
  return (Object.keys(RULES) as SubnetRole[]).map((role) =>
    planned({
      id: nsgId(ctx, role),
      type: 'Microsoft.Network/networkSecurityGroups',
      area: 'network',
      body: {
        location: ctx.spec.location,
        tags: ctx.tags,
        properties: { securityRules: RULES[role](ctx).map(securityRule) },
      },
    }),
  );
}

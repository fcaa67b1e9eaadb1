// What Application Gateway v2 requires of the NSG on its subnet, checked when a gateway is PUT:
// "You must allow incoming Internet traffic on … TCP ports 65200-65535 for the v2 SKU with the
// destination subnet as Any and source as GatewayManager service tag" and "Outbound Internet
// connectivity can't be blocked" (application-gateway/configuration-infrastructure.md). Azure
// refuses the PUT with 400 and the codes and messages below (as Azure sent them in
// Azure/AKS-Construction#333, mspnp/aks-baseline#284, Azure/terraform-azurerm-avm-ptn-aiml-
// landing-zone#16; outbound: MicrosoftDocs/azure-docs#87202, #18737).
//
// Inferred: a rule naming a CIDR as its source is taken not to match GatewayManager traffic (the
// emulator does not know the service tag's addresses), and any outbound port denied towards the
// Internet counts as blocking (MicrosoftDocs/azure-docs#84599 reports Azure stricter still).
import { ArmError } from '../../arm/errors.js';
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { securityRules } from './network-security-groups.js';
import { cidrsOverlap, denyingRule, type Flow } from './nsg-rules.js';
import { subnetPrefixes } from './subnets.js';

const GATEWAY_MANAGER_PORTS: [number, number] = [65200, 65535];

const isAny = (prefix: string) => prefix === '*' || prefix === '0.0.0.0/0';
const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A destination or source prefix that covers the gateway's own subnet. */
function inSubnet(prefixes: string[]) {
  return (prefix: string) =>
    isAny(prefix) ||
    sameText(prefix, 'VirtualNetwork') ||
    prefixes.some((own) => cidrsOverlap(prefix, own));
}

function gatewayManagerFlow(subnetPrefixList: string[]): Flow {
  return {
    direction: 'Inbound',
    protocol: 'Tcp',
    source: (p) => isAny(p) || sameText(p, 'Internet') || sameText(p, 'GatewayManager'),
    destination: inSubnet(subnetPrefixList),
    ports: GATEWAY_MANAGER_PORTS,
  };
}

function internetOutboundFlow(subnetPrefixList: string[]): Flow {
  return {
    direction: 'Outbound',
    protocol: 'Tcp',
    source: inSubnet(subnetPrefixList),
    destination: (p) => isAny(p) || sameText(p, 'Internet'),
    ports: [0, 65535],
  };
}

function gatewaySubnetIds(gw: ArmResource): string[] {
  const configs = properties(gw).gatewayIPConfigurations;
  if (!Array.isArray(configs)) return [];
  return configs
    .map((c: { properties?: { subnet?: { id?: unknown } } }) => c.properties?.subnet?.id)
    .filter((id): id is string => typeof id === 'string');
}

function checkSubnet(ctx: EmulatorContext, gw: ArmResource, subnetId: string): void {
  const subnet = getResource(ctx, subnetId);
  const nsgRef = subnet ? properties(subnet).networkSecurityGroup : undefined;
  const nsgId = (nsgRef as { id?: unknown } | undefined)?.id;
  const nsg = typeof nsgId === 'string' ? getResource(ctx, nsgId) : undefined;
  if (!subnet || !nsg) return;
  const rules = securityRules(nsg);
  const prefixes = subnetPrefixes(subnet);
  if (denyingRule(rules, gatewayManagerFlow(prefixes))) {
    throw new ArmError(
      400,
      'ApplicationGatewaySubnetInboundTrafficBlockedByNetworkSecurityGroup',
      `Network security group ${nsg.id} blocks incoming internet traffic on ports 65200 - 65535 to subnet ${subnetId}, associated with Application Gateway ${gw.id}. This is not permitted for Application Gateways that have V2 Sku.`,
    );
  }
  if (denyingRule(rules, internetOutboundFlow(prefixes))) {
    throw new ArmError(
      400,
      'ApplicationGatewaySubnetOutboundTrafficBlockedByNetworkSecurityGroup',
      `Network security group ${nsg.id} blocks outgoing internet traffic on subnet with Application Gateway. This is not permitted for Application Gateways that have fast update enabled or have V2 Sku.`,
    );
  }
}

/** Refuses a v2 gateway whose subnet's NSG blocks what the gateway's infrastructure needs. */
export function checkGatewaySubnetNsg(ctx: EmulatorContext, gw: ArmResource): void {
  const tier = String((properties(gw).sku as { tier?: string } | undefined)?.tier ?? 'Standard_v2');
  if (!tier.endsWith('_v2')) return;
  for (const subnetId of gatewaySubnetIds(gw)) checkSubnet(ctx, gw, subnetId);
}

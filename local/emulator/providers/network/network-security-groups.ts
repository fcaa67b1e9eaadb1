// Network security groups: the rules' priorities (100-4096, unique per direction, as Azure
// requires), sub-resource ids, and Azure's default rules in `defaultSecurityRules`. One a subnet is
// associated with cannot be deleted (associations.ts).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { checkNsgUnused } from './associations.js';
import { properties } from '../../arm/resource-store.js';
import type { ArmResource } from '../../core/model.js';
import { DEFAULT_SECURITY_RULES, type SecurityRule } from './nsg-rules.js';
import { latencyOf } from '../../arm/latencies.js';

export const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';

export function securityRules(nsg: ArmResource): SecurityRule[] {
  const value = properties(nsg).securityRules;
  return Array.isArray(value) ? (value as SecurityRule[]) : [];
}

/**
 * "Priority: A number between 100 and 4096" (virtual-network/network-security-groups-overview.md).
 * The code is the one Azure answers (`SecurityRuleInvalidPriority`); the message follows Azure's
 * wording for other invalid rule values ("Security rule has invalid Port range. Value provided:
 * any. …", ernestio/ernest#475): inferred.
 */
function checkPriority(rule: SecurityRule): number {
  const priority = rule.properties?.priority;
  if (
    typeof priority === 'number' &&
    Number.isInteger(priority) &&
    priority >= 100 &&
    priority <= 4096
  )
    return priority;
  throw new ArmError(
    400,
    'SecurityRuleInvalidPriority',
    `Security rule has invalid Priority. Value provided: ${String(priority)} Allowed range 100-4096.`,
  );
}

/**
 * Two rules of one direction with one priority: "Security rule allow_ssh conflicts with rule
 * NRMS-Rule-101. Rules cannot have the same Priority and Direction." (Azure/aks-engine#2106;
 * with "To learn more, see aka.ms/nsgrules." in hashicorp/terraform-provider-azurerm#11137).
 * Inbound and outbound rules may share a priority (hashicorp/terraform-provider-azurerm#27046).
 */
function checkRules(rules: SecurityRule[]): void {
  // A direction other than Inbound/Outbound (SecurityRuleDirection in the Network REST spec):
  // the code and message of the refusal are inferred from the priority error's pattern.
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const priority = checkPriority(rule);
    const value = rule.properties?.direction;
    const direction = typeof value === 'string' ? value : '';
    if (direction !== 'Inbound' && direction !== 'Outbound') {
      throw new ArmError(
        400,
        'SecurityRuleInvalidDirection',
        `Security rule ${rule.name ?? ''} has invalid Direction. Value provided: ${direction}. Allowed values: Inbound, Outbound.`,
      );
    }
    const key = `${direction}/${priority}`;
    const other = seen.get(key);
    if (other !== undefined) {
      throw new ArmError(
        400,
        'SecurityRuleConflict',
        `Security rule ${other} conflicts with rule ${rule.name ?? ''}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
      );
    }
    seen.set(key, rule.name ?? '');
  }
}

function withIds(nsg: ArmResource, collection: string, rules: readonly SecurityRule[]) {
  return rules.map((rule) => ({
    ...rule,
    id: `${nsg.id}/${collection}/${rule.name ?? ''}`,
    etag: nsg.etag,
    type: `${NSG_TYPE}/${collection}`,
    properties: { ...rule.properties, provisioningState: 'Succeeded' },
  }));
}

export const networkSecurityGroups: TypeBehaviour = {
  type: NSG_TYPE,
  latency: latencyOf(NSG_TYPE),
  etag: 'weak',
  pendingState: 'Updating',
  beforeDelete: checkNsgUnused,
  prepare: (_ctx, nsg) => {
    const rules = securityRules(nsg);
    checkRules(rules);
    const props = properties(nsg);
    props.securityRules = withIds(nsg, 'securityRules', rules);
    props.defaultSecurityRules = withIds(nsg, 'defaultSecurityRules', DEFAULT_SECURITY_RULES);
  },
};

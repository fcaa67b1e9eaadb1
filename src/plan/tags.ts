// Ownership tags: which environment an Azure resource or DNS record belongs to, and who manages it.
import type { EnvironmentSpec } from '../spec/index.js';

/**
 * Ownership tags on every resource the plan creates. ARM rejects `/` in tag names
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations)
 * and Azure DNS allows only letters, digits, `.`, `-` and `_`, hence hyphenated keys.
 */
export const ENVIRONMENT_TAG = 'aci-vnet-sidecars-environment';
export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'aci-vnet-sidecars';

export function ownershipTags(spec: EnvironmentSpec): { [key: string]: string } {
  return { [ENVIRONMENT_TAG]: spec.name, [MANAGED_BY_TAG]: MANAGED_BY_VALUE };
}

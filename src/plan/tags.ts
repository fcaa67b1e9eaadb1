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
  return environmentMarks(spec.name);
}

/**
 * The pairs that mark a resource (as tags) or a DNS record set (as metadata) as the environment
 * `environment`'s.
 */
export function environmentMarks(environment: string): { [key: string]: string } {
  return { [ENVIRONMENT_TAG]: environment, [MANAGED_BY_TAG]: MANAGED_BY_VALUE };
}

/**
 * Whether tags or metadata as read hold every pair of `marks`. Names compare case-insensitively,
 * values exactly: "Tag names are case-insensitive for operations … However, the resource provider
 * might keep the casing you provide for the tag name … Tag values are case-sensitive"
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources); DNS metadata
 * is taken the same way (inferred: no document says).
 */
export function carriesMarks(found: unknown, marks: { readonly [key: string]: string }): boolean {
  if (typeof found !== 'object' || found === null || Array.isArray(found)) return false;
  const byName = new Map(Object.entries(found).map(([k, v]) => [k.toLowerCase(), v as unknown]));
  return Object.entries(marks).every(([name, value]) => byName.get(name.toLowerCase()) === value);
}

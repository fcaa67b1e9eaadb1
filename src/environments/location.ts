/**
 * Where an environment lives: its subscription and resource group. An environment's Durable
 * instances are keyed by its name alone (instances.ts), so a name already deployed somewhere else
 * must be refused, or the second spec would replace the first one's stored spec and the first
 * environment would silently stop being reconciled and renewed.
 */

export interface EnvironmentLocation {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

/** The location a stored spec names, or undefined when it names none (never for our own input). */
export function locationOfSpec(spec: unknown): EnvironmentLocation | undefined {
  if (typeof spec !== 'object' || spec === null) return undefined;
  const { subscriptionId, resourceGroup } = spec as Record<string, unknown>;
  return typeof subscriptionId === 'string' && typeof resourceGroup === 'string'
    ? { subscriptionId, resourceGroup }
    : undefined;
}

/**
 * ARM compares both case-insensitively: "Resource and resource group names are case-insensitive"
 * (azure-resource-manager/management/resource-name-rules.md); subscription ids are GUIDs.
 */
export function sameLocation(a: EnvironmentLocation, b: EnvironmentLocation): boolean {
  return (
    a.subscriptionId.toLowerCase() === b.subscriptionId.toLowerCase() &&
    a.resourceGroup.toLowerCase() === b.resourceGroup.toLowerCase()
  );
}

export function describeLocation(location: EnvironmentLocation): string {
  return `subscription ${location.subscriptionId}, resource group ${location.resourceGroup}`;
}

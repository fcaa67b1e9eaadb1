/**
 * Whether an event's container group lives where the environment was deployed. Group names are
 * unique only within a resource group, so `ci-contoso-prod-app-1` in another subscription or
 * resource group (a copy, a second deployment of the app) is not this environment's group. Pure.
 *
 * Compared without case: "Resource names are case-insensitive unless noted in the valid characters
 * column" (azure-resource-manager/management/resource-name-rules.md), and subscription ids are
 * GUIDs.
 */

import { z } from 'zod';
import type { ContainerGroupChange } from './events.js';

/** The two fields of the stored spec (as the user posted it) that place the environment. */
const placement = z.object({ subscriptionId: z.string(), resourceGroup: z.string() });

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Why the event is not about this environment, naming both places; undefined when it is. */
export function outsideEnvironment(
  change: Pick<ContainerGroupChange, 'environment' | 'subscriptionId' | 'resourceGroup'>,
  deployedSpec: unknown,
): string | undefined {
  const spec = placement.safeParse(deployedSpec);
  const event = `subscription ${change.subscriptionId}, resource group ${change.resourceGroup}`;
  if (!spec.success) {
    return `the event names ${event}, and the deployed spec of ${change.environment} names no subscription and resource group to compare with`;
  }
  const { subscriptionId, resourceGroup } = spec.data;
  if (same(subscriptionId, change.subscriptionId) && same(resourceGroup, change.resourceGroup)) {
    return undefined;
  }
  return `the event names ${event}, but ${change.environment} is deployed in subscription ${subscriptionId}, resource group ${resourceGroup}`;
}

// The environment's Azure Container Registry, which container groups pull from by managed identity.
import { planned, type PlanContext } from './context.js';
import { ref } from './references.js';
import type { PlannedResource } from './types.js';

/**
 * The registry the workload images are imported into or built in. No admin user: container
 * groups pull with their own identity (AcrPull), so no registry password exists anywhere.
 */
export function registry(ctx: PlanContext): PlannedResource[] {
  const { ids, spec, tags } = ctx;
  return [
    planned({
      id: ids.registry,
      type: 'Microsoft.ContainerRegistry/registries',
      area: 'registry',
      body: {
        location: spec.location,
        tags,
        sku: { name: ctx.options.registrySku ?? 'Basic' },
        properties: {
          adminUserEnabled: false,
          // AcrPull only grants pulls under registry-wide RBAC, not under ABAC repository mode.
          roleAssignmentMode: 'LegacyRegistryPermissions',
        },
      },
    }),
  ];
}

/** `<name>.azurecr.io`, at deploy time. */
export function loginServer(ctx: PlanContext): string {
  return ref(ctx.ids.registry, 'properties.loginServer');
}

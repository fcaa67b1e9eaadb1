// Entry point of the plan: an environment's whole desired state, built area by area from its spec.
import type { EnvironmentSpec } from '../spec/index.js';
import { containerGroups } from './container-groups.js';
import { planContext } from './context.js';
import { database } from './database.js';
import { databaseMigration } from './database-migration.js';
import { eventGrid } from './event-grid.js';
import { gateway } from './gateway.js';
import { identities, roleAssignments } from './identity.js';
import { keyVault } from './key-vault.js';
import { network } from './network.js';
import { orderByDependencies } from './order.js';
import { privateDns } from './private-dns.js';
import { publicDns } from './public-dns.js';
import { registry } from './registry.js';
import type { Plan, PlanOptions } from './types.js';
import { planWarnings } from './warnings.js';

/**
 * The desired state of the whole environment: every ARM resource with the body to PUT, ordered so
 * that dependencies come first. Pure and deterministic: the same spec and options give the same
 * plan, byte for byte, which is what makes a second deployment a no-op.
 */
export function buildPlan(spec: EnvironmentSpec, options: PlanOptions = {}): Plan {
  const ctx = planContext(spec, options);
  const resources = [
    ...identities(ctx),
    ...network(ctx),
    ...privateDns(ctx),
    ...keyVault(ctx),
    ...registry(ctx),
    ...database(ctx),
    ...containerGroups(ctx),
    ...gateway(ctx),
    ...publicDns(ctx),
    ...eventGrid(ctx),
    ...roleAssignments(ctx),
  ];
  return {
    environment: spec.name,
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    resources: orderByDependencies(resources),
    runOnce: [databaseMigration(ctx)],
    warnings: planWarnings(spec),
  };
}

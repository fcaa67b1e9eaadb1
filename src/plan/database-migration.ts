// The database migration: a run-once container group in the VNet that holds only the SQL
// administrator's identity and sets the database up (images/migrate), so nothing that keeps
// running ever holds the administrator.
import { idRef, planned, userAssigned, type PlanContext } from './context.js';
import { sqlServerFqdn } from './database.js';
import { grantIds } from './identity.js';
import { armId } from './ids.js';
import { imageName, workloadImage } from './images.js';
import { ref } from './references.js';
import { loginServer } from './registry.js';
import type { JsonObject, PlannedResource } from './types.js';
import type { EnvironmentSpec } from '../spec/index.js';

/** The one container of the migration group, whose exit code and log the stage reads. */
export const MIGRATION_CONTAINER = 'migrate';

/** `ci-<environment>-migrate`: outside the names the reconciler follows (`app-<n>`, `dashboard`). */
export function migrationGroupName(spec: Pick<EnvironmentSpec, 'name'>): string {
  return `ci-${spec.name}-migrate`;
}

/**
 * What the migration program reads: the database, the administrator's client id (picked by
 * DefaultAzureCredential from AZURE_CLIENT_ID) and, per workload identity, the name its contained
 * user gets, its object (principal) id for `CREATE USER … FROM EXTERNAL PROVIDER WITH OBJECT_ID`
 * ("When creating a user from a service principal, the **Object ID** is required when using the
 * `WITH OBJECT_ID` clause", azure-sql/database/authentication-microsoft-entra-create-users-with-nonunique-names.md)
 * and its client id, which Azure SQL stores as the user's SID ("A Microsoft Entra application's
 * SID is the binary representation of its Microsoft Entra client ID", sys.server_principals), so
 * an existing user is recognised as this identity's or replaced. Ids only: nothing secret.
 */
function migrationEnvironment(ctx: PlanContext): JsonObject[] {
  const { ids, spec } = ctx;
  const identity = (prefix: string, name: string, id: string) => ({
    [`${prefix}_IDENTITY_NAME`]: name,
    [`${prefix}_IDENTITY_OBJECT_ID`]: ref(id, 'properties.principalId'),
    [`${prefix}_IDENTITY_CLIENT_ID`]: ref(id, 'properties.clientId'),
  });
  const vars: Record<string, string> = {
    DATABASE_ENGINE: 'azuresql',
    SQL_SERVER_FQDN: sqlServerFqdn(ctx),
    SQL_DATABASE: spec.database.name,
    AZURE_CLIENT_ID: ref(ids.sqlAdminIdentity, 'properties.clientId'),
    ...identity('API', spec.names.appIdentity, ids.appIdentity),
    ...(spec.dashboard.enabled
      ? identity('DASHBOARD', spec.names.dashboardIdentity, ids.dashboardIdentity)
      : {}),
  };
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}

/**
 * The group runs once (`restartPolicy: Never`: "Containers in the container group are never
 * restarted when the container process exits successfully (exit code 0)",
 * container-instances-restart-policy.md) in the containers subnet, where the SQL server's name
 * resolves to its private endpoint through the linked privatelink zone. It exposes no port and
 * gets no IP address block: nothing connects to it. It pulls its image with the administrator's
 * identity (AcrPull on the registry), the one identity it holds.
 */
export function databaseMigration(ctx: PlanContext): PlannedResource {
  const { ids, spec } = ctx;
  const admin = ids.sqlAdminIdentity;
  const { cpu, memoryInGB } = spec.app.resources.migrate;
  const image = imageName(workloadImage('migrate', spec.app.images.migrate), loginServer(ctx));
  return planned({
    id: armId(
      ids.resourceGroup,
      'Microsoft.ContainerInstance/containerGroups',
      migrationGroupName(spec),
    ),
    type: 'Microsoft.ContainerInstance/containerGroups',
    area: 'database-migration',
    body: {
      location: spec.location,
      tags: ctx.tags,
      identity: userAssigned(admin),
      properties: {
        sku: 'Standard',
        osType: 'Linux',
        restartPolicy: 'Never',
        subnetIds: [idRef(ids.subnets.containers)],
        imageRegistryCredentials: [{ server: loginServer(ctx), identity: admin }],
        containers: [
          {
            name: MIGRATION_CONTAINER,
            properties: {
              image,
              environmentVariables: migrationEnvironment(ctx),
              resources: { requests: { cpu, memoryInGB } },
            },
          },
        ],
      },
    },
    dependsOn: [
      admin,
      ids.appIdentity,
      ...(spec.dashboard.enabled ? [ids.dashboardIdentity] : []),
      ids.virtualNetwork,
      ids.registry,
      ...grantIds(ctx, admin, [ids.registry]),
      ids.sqlServer,
      ids.sqlDatabase,
      `${ids.sqlPrivateEndpoint}/privateDnsZoneGroups/default`,
      `${ids.sqlPrivateZone}/virtualNetworkLinks/${spec.names.virtualNetwork}`,
    ],
  });
}

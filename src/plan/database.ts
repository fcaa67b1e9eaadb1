// The Azure SQL server and database, reachable only through a private endpoint in the VNet.
import { idRef, planned, type PlanContext } from './context.js';
import { SQL_PRIVATE_ZONE } from './ids.js';
import { ref } from './references.js';
import type { JsonObject, PlannedResource } from './types.js';

const TIERS: Record<string, string> = {
  GP: 'GeneralPurpose',
  BC: 'BusinessCritical',
  HS: 'Hyperscale',
};

/**
 * ARM's SKU object for a service objective name: DTU names (Basic, S0, P1 …) name the SKU
 * directly; vCore names such as GP_S_Gen5_2 split into name GP_S_Gen5, family Gen5, capacity 2.
 */
export function sqlSku(objective: string): JsonObject {
  if (objective === 'Basic') return { name: 'Basic', tier: 'Basic' };
  if (/^S\d+$/.test(objective)) return { name: objective, tier: 'Standard' };
  if (/^P\d+$/.test(objective)) return { name: objective, tier: 'Premium' };
  const vcore = /^(GP|BC|HS)(_S)?_([A-Za-z0-9]+)_(\d+)$/.exec(objective);
  if (vcore) {
    const [, edition, serverless, family, capacity] = vcore;
    return {
      name: `${edition}${serverless ?? ''}_${family}`,
      tier: TIERS[edition!]!,
      family: family!,
      capacity: Number(capacity),
    };
  }
  return { name: objective };
}

/**
 * Entra-only authentication: no SQL login or password exists. The Entra administrator is a
 * dedicated identity that only the run-once migration group holds while it sets the database up
 * (database-migration.ts), so nothing that keeps running can act as it; the API
 * connects as its group's identity, to be given only the rights its queries need as a contained
 * database user, never as the administrator. For an application principal the `sid` is its
 * client (application) id. The server itself runs with no identity: the migration creates the
 * contained users by SID (`WITH SID …, TYPE = E`), which needs no Entra lookup; only its
 * documented fallback, `FROM EXTERNAL PROVIDER`, would need the server's identity in Directory
 * Readers (README, "Database users"). Reachable only through the private endpoint.
 */
function sqlServer(ctx: PlanContext): PlannedResource {
  const { ids, spec, tags } = ctx;
  return planned({
    id: ids.sqlServer,
    type: 'Microsoft.Sql/servers',
    area: 'database',
    body: {
      location: spec.location,
      tags,
      properties: {
        version: '12.0',
        minimalTlsVersion: '1.2',
        publicNetworkAccess: 'Disabled',
        administrators: {
          administratorType: 'ActiveDirectory',
          azureADOnlyAuthentication: true,
          principalType: 'Application',
          login: spec.names.sqlAdminIdentity,
          sid: ref(ids.sqlAdminIdentity, 'properties.clientId'),
          tenantId: ctx.tenantId,
        },
      },
    },
    dependsOn: [ids.sqlAdminIdentity],
  });
}

function sqlDatabase(ctx: PlanContext): PlannedResource {
  const { ids, spec, tags } = ctx;
  return planned({
    id: ids.sqlDatabase,
    type: 'Microsoft.Sql/servers/databases',
    area: 'database',
    body: {
      location: spec.location,
      tags,
      sku: sqlSku(spec.database.sku),
      properties: { collation: 'SQL_Latin1_General_CP1_CI_AS' },
    },
    dependsOn: [ids.sqlServer],
  });
}

function privateEndpoint(ctx: PlanContext): PlannedResource {
  const { ids, spec, tags } = ctx;
  const name = spec.names.sqlPrivateEndpoint;
  return planned({
    id: ids.sqlPrivateEndpoint,
    type: 'Microsoft.Network/privateEndpoints',
    area: 'database',
    body: {
      location: spec.location,
      tags,
      properties: {
        subnet: idRef(ids.subnets.privateEndpoints),
        customNetworkInterfaceName: `${name}-nic`,
        privateLinkServiceConnections: [
          { name, properties: { privateLinkServiceId: ids.sqlServer, groupIds: ['sqlServer'] } },
        ],
      },
    },
    dependsOn: [ids.virtualNetwork, ids.sqlServer],
  });
}

/** Lets the endpoint manage its A record in privatelink.database.windows.net. */
function privateDnsZoneGroup(ctx: PlanContext): PlannedResource {
  const { ids } = ctx;
  return planned({
    id: `${ids.sqlPrivateEndpoint}/privateDnsZoneGroups/default`,
    type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    area: 'database',
    body: {
      properties: {
        privateDnsZoneConfigs: [
          {
            name: SQL_PRIVATE_ZONE.replace(/\./g, '-'),
            properties: { privateDnsZoneId: ids.sqlPrivateZone },
          },
        ],
      },
    },
    dependsOn: [ids.sqlPrivateEndpoint, ids.sqlPrivateZone],
  });
}

export function database(ctx: PlanContext): PlannedResource[] {
  return [sqlServer(ctx), sqlDatabase(ctx), privateEndpoint(ctx), privateDnsZoneGroup(ctx)];
}

/**
 * The server's FQDN, `<server>.database.windows.net` in Azure's public cloud (the suffix of the
 * `sqlServer` private link zone, SQL_PRIVATE_ZONE), known from the spec: a container group that
 * names it need not wait for the server to exist, as a reference to the server would make it.
 */
export function sqlServerFqdn(ctx: PlanContext): string {
  return `${ctx.spec.names.sqlServer}.${SQL_PRIVATE_ZONE.replace(/^privatelink\./, '')}`;
}

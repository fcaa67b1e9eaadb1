// Azure SQL logical servers (about two minutes to create; `fullyQualifiedDomainName`) and databases.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { properties } from '../../arm/resource-store.js';

export const sqlServers: TypeBehaviour = {
  type: 'Microsoft.Sql/servers',
  putLatencyMs: 120_000,
  deleteLatencyMs: 30_000,
  prepare: (_ctx, server) => {
    Object.assign(properties(server), {
      fullyQualifiedDomainName: `${server.name}.database.windows.net`,
      state: 'Ready',
      version: properties(server).version ?? '12.0',
    });
  },
};

export const sqlDatabases: TypeBehaviour = {
  type: 'Microsoft.Sql/servers/databases',
  putLatencyMs: 60_000,
  deleteLatencyMs: 10_000,
  tracked: true,
  prepare: (ctx, db) => {
    Object.assign(properties(db), {
      status: 'Online',
      databaseId: ctx.newId(),
      collation: properties(db).collation ?? 'SQL_Latin1_General_CP1_CI_AS',
    });
  },
};

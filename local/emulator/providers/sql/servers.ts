// Azure SQL logical servers (about two minutes to create; `fullyQualifiedDomainName`) and databases.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { properties } from '../../arm/resource-store.js';
import { latencyOf } from '../../arm/latencies.js';

export const sqlServers: TypeBehaviour = {
  type: 'Microsoft.Sql/servers',

  latency: latencyOf('Microsoft.Sql/servers'),
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

  latency: latencyOf('Microsoft.Sql/servers/databases'),
  tracked: true,
  prepare: (ctx, db) => {
    Object.assign(properties(db), {
      status: 'Online',
      databaseId: ctx.newId(),
      collation: properties(db).collation ?? 'SQL_Latin1_General_CP1_CI_AS',
    });
  },
};

// Builders of the ARM records the emulator stores for Azure SQL, shaped as src/plan/database.ts
// PUTs them: a server with its Entra administrator, and its databases.
import type { ArmRecord } from '../../local/runtime/types.js';

const RESOURCE_GROUP =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-contoso';

export const serverId = (server: string) =>
  `${RESOURCE_GROUP}/providers/Microsoft.Sql/servers/${server}`;

/** A SQL server whose Entra administrator is the identity `login` (absent: no administrator). */
export function sqlServer(server: string, login?: string): ArmRecord {
  return {
    id: serverId(server),
    name: server,
    type: 'Microsoft.Sql/servers',
    location: 'westeurope',
    properties: {
      version: '12.0',
      fullyQualifiedDomainName: `${server}.database.windows.net`,
      ...(login === undefined
        ? {}
        : {
            administrators: {
              administratorType: 'ActiveDirectory',
              azureADOnlyAuthentication: true,
              principalType: 'Application',
              login,
              sid: '11111111-2222-3333-4444-555555555555',
              tenantId: '00000000-0000-0000-0000-0000000000aa',
            },
          }),
    },
  };
}

export function sqlDatabase(server: string, database: string): ArmRecord {
  return {
    id: `${serverId(server)}/databases/${database}`,
    name: database,
    type: 'Microsoft.Sql/servers/databases',
    location: 'westeurope',
    properties: { collation: 'SQL_Latin1_General_CP1_CI_AS', status: 'Online' },
  };
}

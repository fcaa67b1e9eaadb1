// The migration on Azure SQL Database, connected as the server's Entra administrator (the SQL
// admin identity, which only this run-once group holds): the access table, one contained user per
// workload identity, and exactly its permissions on the table.
import type { TokenCredential } from '@azure/core-auth';
import mssql from 'mssql';
import { azureSqlPoolConfig } from '../../shared/database/azure-sql.js';
import { ACCESS_TABLE, AZURE_SQL_SCHEMA } from '../../shared/database/schema.js';
import type { AzureSqlSettings } from '../../shared/database/settings.js';
import type { MigrationTarget } from './migration.js';
import type { DatabaseUser } from './settings.js';

/** What the migration runs T-SQL with; `inputs` become NVARCHAR parameters. */
export interface TsqlRunner {
  query<Row>(text: string, inputs?: Record<string, string>): Promise<Row[]>;
  close(): Promise<void>;
}

/** The object permissions on the table that are managed: each user holds exactly its own. */
const TABLE_PERMISSIONS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES'] as const;

export const quoteName = (name: string) => `[${name.replace(/]/g, ']]')}]`;

/** Entra principals as Azure SQL lists them: `E` a user or application, `X` a group. */
const EXTERNAL_TYPES = ['E', 'X'];

/**
 * The SID of an Entra application's user is its client id: "A Microsoft Entra application's SID
 * is the binary representation of its Microsoft Entra client ID" (sys-server-principals), read
 * back with "SELECT CAST(sid as uniqueidentifier) ApplicationID"
 * (authentication-microsoft-entra-create-users-with-nonunique-names.md).
 */
const SID_AS_GUID =
  'LOWER(CONVERT(varchar(36), CAST(CAST(p.sid AS varbinary(16)) AS uniqueidentifier)))';

function catalogQuery(users: readonly DatabaseUser[]): string {
  const names = users.map((_, i) => `@user${i}`).join(', ');
  return `
SELECT 'table ' + s.name + '.' + t.name AS line
  FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id
  WHERE s.name = N'dbo' AND t.name = @table
UNION ALL
SELECT 'index ' + i.name + ' on ' + t.name
  FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id
  WHERE SCHEMA_NAME(t.schema_id) = N'dbo' AND t.name = @table AND i.name IS NOT NULL
UNION ALL
SELECT 'user ' + p.name + ' type ' + p.type + ' sid ' + ${SID_AS_GUID}
  FROM sys.database_principals p WHERE p.name IN (${names})
UNION ALL
SELECT CASE dp.state WHEN 'D' THEN 'deny ' ELSE 'grant ' END + dp.permission_name + ' on '
    + CASE dp.class WHEN 0 THEN 'database'
        WHEN 1 THEN OBJECT_SCHEMA_NAME(dp.major_id) + '.' + OBJECT_NAME(dp.major_id)
        ELSE dp.class_desc END
    + ' to ' + p.name + CASE dp.state WHEN 'W' THEN ' with grant option' ELSE '' END
  FROM sys.database_permissions dp
  JOIN sys.database_principals p ON p.principal_id = dp.grantee_principal_id
  WHERE p.name IN (${names})`;
}

export function azureSqlTarget(runner: TsqlRunner, where: string): MigrationTarget {
  return {
    where,
    async catalog(users) {
      const inputs: Record<string, string> = { table: ACCESS_TABLE };
      users.forEach((u, i) => (inputs[`user${i}`] = u.name));
      const rows = await runner.query<{ line: string }>(catalogQuery(users), inputs);
      return rows.map((r) => r.line);
    },
    async apply(users, log) {
      for (const statement of AZURE_SQL_SCHEMA) await runner.query(statement);
      for (const user of users) {
        await ensureUser(runner, user, log);
        await grantExactly(runner, user);
      }
    },
    close: () => runner.close(),
  };
}

/**
 * The contained user of a workload identity, named after it. Created first `WITH SID = <client id>,
 * TYPE = E`: Azure SQL then asks Microsoft Entra ID nothing, so the server needs no Directory
 * Readers role. Microsoft documents that form for Fabric and Synapse only; for Azure SQL Database
 * it is what users report working where `FROM EXTERNAL PROVIDER WITH OBJECT_ID` "still required"
 * Directory Readers (MicrosoftDocs/sql-docs#2323; platformplatform/PlatformPlatform#174;
 * betr-io/terraform-provider-mssql#1), so it is inferred. Should Azure SQL refuse it, the
 * documented `FROM EXTERNAL PROVIDER WITH OBJECT_ID` follows ("When creating a user from a service
 * principal, the **Object ID** is required", nonunique-names page), which needs that role.
 * A user of that name whose SID is another principal's (the identity was deleted and created
 * again) is dropped and created anew; a same-named user that is not from Entra is left alone and
 * reported.
 */
async function ensureUser(runner: TsqlRunner, user: DatabaseUser, log: (line: string) => void) {
  const { name, objectId, clientId } = user;
  if (!objectId || !clientId)
    throw new Error(`${name}: no object id or client id to create it with`);
  const existing = await principal(runner, name);
  if (existing && EXTERNAL_TYPES.includes(existing.type) && existing.sid === clientId) return;
  if (existing && !EXTERNAL_TYPES.includes(existing.type)) {
    throw new Error(
      `a database user ${quoteName(name)} exists and is not a Microsoft Entra principal (type ${existing.type}); drop or rename it, then deploy again`,
    );
  }
  if (existing) {
    log(
      `migrate: dropping user ${quoteName(name)}: its SID ${existing.sid} is not the identity's client id ${clientId}`,
    );
    await runner.query(`DROP USER ${quoteName(name)}`);
  }
  log(`migrate: creating user ${quoteName(name)} (${user.role}) for client id ${clientId}`);
  try {
    await runner.query(
      `CREATE USER ${quoteName(name)} WITH SID = ${sidOfClientId(clientId)}, TYPE = E`,
    );
  } catch (sidError) {
    const reason = sidError instanceof Error ? sidError.message : String(sidError);
    log(
      `migrate: WITH SID refused (${reason}); creating ${quoteName(name)} FROM EXTERNAL PROVIDER`,
    );
    try {
      await runner.query(
        `CREATE USER ${quoteName(name)} FROM EXTERNAL PROVIDER WITH OBJECT_ID = '${objectId}'`,
      );
    } catch (error) {
      throw new Error(createUserFailure(name, error), { cause: error });
    }
  }
  const created = await principal(runner, name);
  if (created?.sid !== clientId) {
    throw new Error(
      `Azure SQL created ${quoteName(name)} with SID ${created?.sid ?? '(none)'}, not the identity's client id ${clientId}: object id ${objectId} is another principal's`,
    );
  }
}

/**
 * A client id as the binary SID Azure SQL stores for an application: a uniqueidentifier's bytes,
 * whose first three groups are little-endian, the order `CAST(sid AS uniqueidentifier)` reads back.
 */
export function sidOfClientId(clientId: string): string {
  const hex = clientId.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`${clientId} is not a GUID`);
  const bytes = hex.match(/../g) ?? [];
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return `0x${order
    .map((i) => bytes[i])
    .join('')
    .toUpperCase()}`;
}

async function principal(runner: TsqlRunner, name: string) {
  const [row] = await runner.query<{ type: string; sid: string }>(
    `SELECT p.type AS type, ${SID_AS_GUID} AS sid FROM sys.database_principals p WHERE p.name = @name`,
    { name },
  );
  return row;
}

/**
 * Azure SQL resolves the principal in Microsoft Entra ID, and "if the principal issuing the
 * `CREATE USER` statement is a service principal, the identity of the database server … must be
 * in the Directory Readers role" (create-user-transact-sql.md, FROM EXTERNAL PROVIDER): the
 * usual reason this fails, and one only a tenant administrator can fix.
 */
export function createUserFailure(name: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lookup = /could not be resolved|not a valid object id|directory readers|server identity/i;
  const hint = lookup.test(message)
    ? ' Azure SQL could not look the identity up in Microsoft Entra ID: give the SQL server an identity (system- or user-assigned) in the Directory Readers role, which a Privileged Role Administrator grants, then deploy again (azure-sql/database/authentication-aad-directory-readers-role.md).'
    : '';
  return `CREATE USER ${quoteName(name)} failed: ${message}.${hint}`;
}

async function grantExactly(runner: TsqlRunner, user: DatabaseUser) {
  const name = quoteName(user.name);
  const table = `OBJECT::dbo.${quoteName(ACCESS_TABLE)}`;
  await runner.query(`GRANT ${user.privileges.join(', ')} ON ${table} TO ${name}`);
  const others = TABLE_PERMISSIONS.filter(
    (p) => !(user.privileges as readonly string[]).includes(p),
  );
  await runner.query(`REVOKE ${others.join(', ')} ON ${table} FROM ${name}`);
}

/** One connection as the administrator, with its Entra token; closed by `close`. */
export async function connectAzureSql(
  settings: AzureSqlSettings,
  credential: TokenCredential,
): Promise<TsqlRunner> {
  const pool = new mssql.ConnectionPool(
    azureSqlPoolConfig(settings, { credential, maxConnections: 1 }),
  );
  await pool.connect();
  return {
    async query<Row>(text: string, inputs: Record<string, string> = {}) {
      const request = pool.request();
      for (const [key, value] of Object.entries(inputs))
        request.input(key, mssql.NVarChar(128), value);
      return (await request.query<Row>(text)).recordset;
    },
    close: () => pool.close(),
  };
}

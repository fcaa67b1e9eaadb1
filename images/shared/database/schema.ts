// The workload's one table, for both engines. The migration (images/migrate) runs these statements
// as the SQL administrator; the api and dashboard run only the queries in azure-sql.ts /
// postgres.ts, as contained users holding the privileges below. Each statement is idempotent: a
// second run changes nothing.

/** Unqualified name of the access table (`dbo` schema in Azure SQL, `public` in PostgreSQL). */
export const ACCESS_TABLE = 'access_log';

/**
 * What each workload identity may do on the access table, and nothing more: the api records and
 * reads accesses (`/api/sqlsrciplog`), the dashboard only reads them.
 */
export const ACCESS_TABLE_PRIVILEGES = {
  api: ['SELECT', 'INSERT'],
  dashboard: ['SELECT'],
} as const satisfies Record<string, readonly ('SELECT' | 'INSERT')[]>;

/**
 * Azure SQL (T-SQL), one batch per statement. `CONNECTIONPROPERTY('client_net_address')` is a
 * varchar(48) ("Asks for the address of the client that is connecting to this server",
 * learn.microsoft.com/sql/t-sql/functions/connectionproperty-transact-sql), so `source_ip` is too.
 * A container group name "must be between 1 and 63 characters long, must contain only lowercase
 * letters, numbers, and dashes" (ScriptContainerConfiguration.ContainerGroupName, Azure SDK docs).
 */
export const AZURE_SQL_SCHEMA: readonly string[] = [
  `IF OBJECT_ID(N'dbo.${ACCESS_TABLE}', N'U') IS NULL
CREATE TABLE dbo.${ACCESS_TABLE} (
  id bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_${ACCESS_TABLE} PRIMARY KEY,
  source_ip varchar(48) NOT NULL,
  container_group varchar(63) NOT NULL,
  accessed_at datetime2(3) NOT NULL CONSTRAINT df_${ACCESS_TABLE}_accessed_at DEFAULT SYSUTCDATETIME()
)`,
  `IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_${ACCESS_TABLE}_accessed_at' AND object_id = OBJECT_ID(N'dbo.${ACCESS_TABLE}'))
CREATE INDEX ix_${ACCESS_TABLE}_accessed_at ON dbo.${ACCESS_TABLE} (accessed_at) INCLUDE (source_ip, container_group)`,
];

/**
 * PostgreSQL. An identity column needs no privilege on its sequence for INSERT (unlike `serial`),
 * so the api's INSERT privilege is enough (test/integration/images/api-postgres.test.ts shows it).
 */
export const POSTGRES_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ${ACCESS_TABLE} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_ip inet NOT NULL,
  container_group varchar(63) NOT NULL,
  accessed_at timestamptz NOT NULL DEFAULT now()
)`,
  `CREATE INDEX IF NOT EXISTS ix_${ACCESS_TABLE}_accessed_at ON ${ACCESS_TABLE} (accessed_at)`,
];

// A container's database settings moved from Azure SQL to the PostgreSQL twin. Pure.
//
// In Azure a container reaches `<server>.database.windows.net` through the private endpoint and
// signs in with a token for its group's managed identity (images/shared/database/azure-sql.ts).
// Here it reaches the twin on 127.0.0.1 as the role named after that identity: the one the
// migration created for it (images/migrate/src/postgres.ts), or, for the migration's own group,
// which holds the SQL administrator's identity, the database's owner (twin-plan.ts). Its
// connections leave from the group's own loopback address, so the database sees one address per
// group as it sees one private IP per group in the VNet.
import { serverOfFqdn, twinDatabaseName } from './twin-names.js';

/** Where the twin listens. */
export interface TwinEndpoint {
  host: string;
  port: number;
}

/** The group the container belongs to, as the runtime knows it. */
export interface DatabaseGroup {
  /** The name of the group's (first) user-assigned identity; absent when it has none. */
  identityName: string | undefined;
  /** The group's loopback address (127.b.c.d). */
  address: string;
}

/** The database the workload falls back to without SQL_DATABASE (images/shared/database/settings.ts). */
const DEFAULT_DATABASE = 'appdb';

const AZURE_SQL_VARIABLES = ['DATABASE_ENGINE', 'SQL_SERVER_FQDN', 'SQL_DATABASE'] as const;

/**
 * `DATABASE_ENGINE=azuresql` (or, as the workload reads it, `SQL_SERVER_FQDN` without an engine)
 * becomes `DATABASE_ENGINE=postgres` with PGHOST, PGPORT, PGDATABASE (the twin's name for the
 * server's database), PGUSER (the group's identity) and DATABASE_SOURCE_ADDRESS (the group's
 * address). Every other variable is kept; a container without Azure SQL settings, or without a
 * server name to translate, is returned as it came (the workload then reports what is missing).
 * A group without an identity gets no PGUSER: as in Azure, it has no one to sign in as.
 */
export function containerDatabaseEnv(
  env: Readonly<Record<string, string>>,
  group: DatabaseGroup,
  twin: TwinEndpoint,
): Record<string, string> {
  const engine = env.DATABASE_ENGINE || (env.SQL_SERVER_FQDN ? 'azuresql' : undefined);
  const fqdn = env.SQL_SERVER_FQDN;
  if (engine !== 'azuresql' || !fqdn) return { ...env };
  const kept = Object.fromEntries(
    Object.entries(env).filter(
      ([name]) => !(AZURE_SQL_VARIABLES as readonly string[]).includes(name),
    ),
  );
  return {
    ...kept,
    DATABASE_ENGINE: 'postgres',
    PGHOST: twin.host,
    PGPORT: String(twin.port),
    PGDATABASE: twinDatabaseName(serverOfFqdn(fqdn), env.SQL_DATABASE || DEFAULT_DATABASE),
    ...(group.identityName ? { PGUSER: group.identityName } : {}),
    DATABASE_SOURCE_ADDRESS: group.address,
  };
}

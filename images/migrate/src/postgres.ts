// The migration on PostgreSQL (the local twin of Azure SQL): the access table, one LOGIN role per
// workload identity, and exactly its privileges on the table. Roles stand in for Azure SQL's
// contained users; PostgreSQL has no Entra, so they carry only the identity's name.
import pg from 'pg';
import { ACCESS_TABLE, POSTGRES_SCHEMA } from '../../shared/database/schema.js';
import type { PostgresSettings } from '../../shared/database/settings.js';
import type { MigrationTarget } from './migration.js';
import type { DatabaseUser } from './settings.js';

/** What the migration runs statements with: a connection as the database's owner. */
export interface PgRunner {
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** The table privileges PostgreSQL has; each user holds exactly its own and none of the rest. */
const TABLE_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'REFERENCES',
  'TRIGGER',
] as const;

export const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

const CATALOG = `
SELECT 'table ' || schemaname || '.' || tablename AS line
  FROM pg_tables WHERE schemaname = 'public' AND tablename = $1
UNION ALL
SELECT 'index ' || indexname || ' on ' || tablename
  FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1
UNION ALL
SELECT 'role ' || rolname || CASE WHEN rolcanlogin THEN ' LOGIN' ELSE ' NOLOGIN' END
  FROM pg_roles WHERE rolname = ANY($2)
UNION ALL
SELECT 'grant ' || a.privilege_type || ' on public.' || c.relname || ' to ' || r.rolname
  FROM pg_class c
  CROSS JOIN LATERAL aclexplode(c.relacl) a
  JOIN pg_roles r ON r.oid = a.grantee
  WHERE c.relnamespace = 'public'::regnamespace AND c.relname = $1 AND r.rolname = ANY($2)`;

export function postgresTarget(runner: PgRunner, where: string): MigrationTarget {
  return {
    where,
    async catalog(users) {
      const names = users.map((u) => u.name);
      const rows = await runner.query<{ line: string }>(CATALOG, [ACCESS_TABLE, names]);
      return rows.map((r) => r.line);
    },
    async apply(users, log) {
      for (const statement of POSTGRES_SCHEMA) await runner.query(statement);
      for (const user of users) await applyRole(runner, user, log);
    },
    close: () => runner.close(),
  };
}

async function applyRole(runner: PgRunner, user: DatabaseUser, log: (line: string) => void) {
  const role = quoteIdentifier(user.name);
  const [existing] = await runner.query<{ login: boolean }>(
    'SELECT rolcanlogin AS login FROM pg_roles WHERE rolname = $1',
    [user.name],
  );
  if (!existing) {
    log(`migrate: creating role ${user.name} (${user.role})`);
    await runner.query(`CREATE ROLE ${role} LOGIN`);
  } else if (!existing.login) {
    log(`migrate: letting role ${user.name} log in`);
    await runner.query(`ALTER ROLE ${role} LOGIN`);
  }
  const granted = user.privileges.join(', ');
  await runner.query(`GRANT ${granted} ON ${ACCESS_TABLE} TO ${role}`);
  const others = TABLE_PRIVILEGES.filter(
    (p) => !(user.privileges as readonly string[]).includes(p),
  );
  await runner.query(`REVOKE ${others.join(', ')} ON ${ACCESS_TABLE} FROM ${role}`);
}

/** A connection as `settings.user`, which owns the database (or is a superuser). */
export async function connectPostgres(settings: PostgresSettings): Promise<PgRunner> {
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    connectionTimeoutMillis: 15_000,
    query_timeout: 60_000,
    application_name: 'aci-vnet-sidecars-migrate',
  });
  await client.connect();
  return {
    query: async <Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
      (await client.query<Row>(text, values)).rows,
    close: () => client.end(),
  };
}

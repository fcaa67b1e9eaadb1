// Which database the workload talks to, read from the environment the plan gives each group
// (src/plan/container-groups.ts). Pure: an environment record in, settings or problems out.
import { isIP } from 'node:net';

export interface AzureSqlSettings {
  engine: 'azuresql';
  /** `<server>.database.windows.net`; inside the VNet it resolves to the private endpoint. */
  server: string;
  database: string;
  port: number;
}

export interface PostgresSettings {
  engine: 'postgres';
  host: string;
  port: number;
  database: string;
  user: string;
  /**
   * Local address the client binds before connecting, so that two processes on one machine are
   * seen by the database as two sources (127.0.0.2, 127.0.0.3), as two groups are in a VNet.
   */
  sourceAddress?: string;
}

export type DatabaseSettings = AzureSqlSettings | PostgresSettings;

export type DatabaseSettingsResult =
  { ok: true; settings: DatabaseSettings | undefined } | { ok: false; problems: string[] };

const ENGINES = ['azuresql', 'postgres'] as const;

/**
 * `DATABASE_ENGINE` picks the engine; without it, `SQL_SERVER_FQDN` alone means Azure SQL (the
 * setting the plan has always given) and nothing at all means no database (`undefined`). A
 * PostgreSQL password never comes from the environment: pg reads it from `PGPASSFILE`.
 */
export function readDatabaseSettings(
  env: Record<string, string | undefined>,
): DatabaseSettingsResult {
  const engine = env.DATABASE_ENGINE || (env.SQL_SERVER_FQDN ? 'azuresql' : undefined);
  if (engine === undefined) return { ok: true, settings: undefined };
  if (engine === 'azuresql') return azureSql(env);
  if (engine === 'postgres') return postgres(env);
  return {
    ok: false,
    problems: [
      `DATABASE_ENGINE must be one of ${ENGINES.join(', ')}, got ${JSON.stringify(engine)}`,
    ],
  };
}

function azureSql(env: Record<string, string | undefined>): DatabaseSettingsResult {
  if (!env.SQL_SERVER_FQDN) {
    return { ok: false, problems: ['SQL_SERVER_FQDN is required for DATABASE_ENGINE azuresql'] };
  }
  return {
    ok: true,
    settings: {
      engine: 'azuresql',
      server: env.SQL_SERVER_FQDN,
      database: env.SQL_DATABASE || 'appdb',
      // Through a private endpoint, clients use 1433 (Proxy) unless the server is set to
      // Redirect ("clients need to explicitly choose Redirect connection policy",
      // articles/azure-sql/database/private-endpoint-overview.md; ledger row 76).
      port: 1433,
    },
  };
}

function postgres(env: Record<string, string | undefined>): DatabaseSettingsResult {
  const problems: string[] = [];
  if (env.PGPASSWORD !== undefined) {
    problems.push('PGPASSWORD must not be set: put the password in the file PGPASSFILE names');
  }
  const host = env.PGHOST || '127.0.0.1';
  if (host.startsWith('/') && env.DATABASE_SOURCE_ADDRESS) {
    problems.push('DATABASE_SOURCE_ADDRESS needs a TCP PGHOST, not the Unix socket directory');
  }
  const sourceAddress = env.DATABASE_SOURCE_ADDRESS || undefined;
  if (sourceAddress !== undefined && isIP(sourceAddress) === 0) {
    problems.push(
      `DATABASE_SOURCE_ADDRESS must be an IP address, got ${JSON.stringify(sourceAddress)}`,
    );
  }
  const port = portOf('PGPORT', env.PGPORT, 5432, problems);
  if (!env.PGUSER) problems.push('PGUSER is required for DATABASE_ENGINE postgres');
  if (problems.length > 0 || !env.PGUSER) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      engine: 'postgres',
      host,
      port,
      database: env.PGDATABASE || 'appdb',
      user: env.PGUSER,
      ...(sourceAddress ? { sourceAddress } : {}),
    },
  };
}

function portOf(name: string, value: string | undefined, fallback: number, problems: string[]) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    problems.push(`${name} must be a TCP port number, got ${JSON.stringify(value)}`);
  }
  return port;
}

// Starts Debian's PostgreSQL (package `postgresql`) as a real server for a test, through the local
// runtime's twin server (local/runtime/database/postgres-server.ts): its own cluster under a
// temporary directory, 127.0.0.1 only on a free port, trust for 127.0.0.0/8, no Unix socket, run
// as the `postgres` user when the test runs as root. Here it also gets the workload's database.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACCESS_TABLE,
  ACCESS_TABLE_PRIVILEGES,
  POSTGRES_SCHEMA,
} from '../../images/shared/database/schema.js';
import type { PostgresSettings } from '../../images/shared/database/settings.js';
import { startPostgresServer } from '../../local/runtime/database/postgres-server.js';

export { postgresBinDir } from '../../local/runtime/database/postgres-cluster.js';

export interface PostgresServer {
  host: '127.0.0.1';
  port: number;
  /** Created at start for the workload. */
  database: 'appdb';
  /** The superuser; trust authentication, so no password. */
  superuser: 'postgres';
  /** Runs statements in `database` as the superuser, in order. */
  admin(statements: readonly string[]): Promise<void>;
  /** Workload settings (images/shared/database/settings.ts) for `user`, bound to `sourceAddress`. */
  settings(user: string, sourceAddress?: string): PostgresSettings;
  /** The server's log so far, for a failing test's message. */
  log(): string;
  /** Stops the server (fast shutdown) and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The access table and the two workload roles with only their privileges
 * (ACCESS_TABLE_PRIVILEGES): `api` records and reads accesses, `dashboard` reads them.
 */
export async function createWorkloadSchema(server: PostgresServer): Promise<void> {
  const grants = Object.entries(ACCESS_TABLE_PRIVILEGES).flatMap(([role, privileges]) => [
    `CREATE ROLE ${role} LOGIN`,
    `GRANT ${privileges.join(', ')} ON ${ACCESS_TABLE} TO ${role}`,
  ]);
  await server.admin([...POSTGRES_SCHEMA, ...grants]);
}

export async function startPostgres(options: { timeoutMs?: number } = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'avs-postgres-'));
  // As root the server runs as `postgres`, which must be able to enter the directory.
  chmodSync(dir, 0o755);
  const logFile = join(dir, 'server.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  try {
    const server = await startPostgresServer({
      dataDir: join(dir, 'data'),
      logFile,
      ...(options.timeoutMs ? { readyTimeoutMs: options.timeoutMs } : {}),
    });
    await server.admin('postgres', ['CREATE DATABASE appdb']).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    let stopped = false;
    return {
      host: server.host,
      port: server.port,
      database: 'appdb',
      superuser: server.superuser,
      admin: async (statements) => {
        await server.admin('appdb', statements);
      },
      settings: (user, sourceAddress) => ({
        engine: 'postgres',
        host: server.host,
        port: server.port,
        database: 'appdb',
        user,
        ...(sourceAddress ? { sourceAddress } : {}),
      }),
      log,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const text = log();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${reason}\n${text}`, { cause: error });
  }
}

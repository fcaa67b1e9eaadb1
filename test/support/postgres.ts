// Starts Debian's PostgreSQL (package `postgresql`) as a real server for a test: its own data
// directory under a temporary directory, listening on 127.0.0.1 only on a free port, trust
// authentication for 127.0.0.0/8 (tests only: nothing else can reach a loopback server), no Unix
// socket. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  ACCESS_TABLE,
  ACCESS_TABLE_PRIVILEGES,
  POSTGRES_SCHEMA,
} from '../../images/shared/database/schema.js';
import type { PostgresSettings } from '../../images/shared/database/settings.js';
import { freePort } from '../../src/cli/local-stack/ports.js';

const ROOT = '/usr/lib/postgresql';

/** `bin/` of the newest PostgreSQL Debian installed, or undefined without one. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(ROOT)) return undefined;
  const versions = readdirSync(ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(ROOT, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(ROOT, versions[0], 'bin');
}

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

interface RunAs {
  /** argv prefix that runs a command as the server's owner. */
  prefix: string[];
  owner?: { uid: number; gid: number };
}

export async function startPostgres(options: { timeoutMs?: number } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`no PostgreSQL under ${ROOT}: apt-get install postgresql`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const runAs = await ownerOfServer();
  const dir = mkdtempSync(join(tmpdir(), 'avs-postgres-'));
  if (runAs.owner) chownSync(dir, runAs.owner.uid, runAs.owner.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const run = (tool: string, args: string[]) =>
    exec([...runAs.prefix, join(bin, tool), ...args], timeoutMs);
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  try {
    await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-locale']);
    writeFileSync(join(data, 'pg_hba.conf'), 'host all all 127.0.0.0/8 trust\n');
    if (runAs.owner) chownSync(join(data, 'pg_hba.conf'), runAs.owner.uid, runAs.owner.gid);
    const port = await freePort();
    const settings = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories='' -c fsync=off`;
    const seconds = String(Math.ceil(timeoutMs / 1000));
    await run('pg_ctl', ['start', '-D', data, '-w', '-t', seconds, '-l', logFile, '-o', settings]);
    const stopOnExit = () => killPostmaster(data);
    process.once('exit', stopOnExit);
    await query(port, 'postgres', ['CREATE DATABASE appdb']);
    let stopped = false;
    return {
      host: '127.0.0.1',
      port,
      database: 'appdb',
      superuser: 'postgres',
      admin: (statements) => query(port, 'appdb', statements),
      settings: (user, sourceAddress) => ({
        engine: 'postgres',
        host: '127.0.0.1',
        port,
        database: 'appdb',
        user,
        ...(sourceAddress ? { sourceAddress } : {}),
      }),
      log,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', stopOnExit);
        await run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', seconds]).catch(() =>
          killPostmaster(data),
        );
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    killPostmaster(data);
    const reason = error instanceof Error ? error.message : String(error);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${reason}\n${log()}`, { cause: error });
  }
}

/** As root, the `postgres` user Debian's package creates; else whoever runs the test. */
async function ownerOfServer(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const [uid, gid] = await Promise.all([
    exec(['id', '-u', 'postgres'], 5_000),
    exec(['id', '-g', 'postgres'], 5_000),
  ]);
  return {
    prefix: ['runuser', '-u', 'postgres', '--'],
    owner: { uid: Number(uid.trim()), gid: Number(gid.trim()) },
  };
}

function exec(argv: string[], timeoutMs: number): Promise<string> {
  const [file, ...args] = argv;
  return new Promise((resolve, reject) => {
    execFile(file ?? '', args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${argv.join(' ')}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function query(port: number, database: string, statements: readonly string[]) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Immediate shutdown by the postmaster's pid (first line of postmaster.pid), when it runs. */
function killPostmaster(data: string): void {
  const pidFile = join(data, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
  }
}

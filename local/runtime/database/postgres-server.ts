// Debian's PostgreSQL (package `postgresql`) as the local stand-in for Azure SQL, and for tests:
// a fresh cluster in the data directory at every start (postgres-cluster.ts; the emulator's Azure
// starts empty at every `npm start`, so the twin does too), one foreground `postgres` process in
// its own process group, which the caller owns, listening on 127.0.0.1 only, no Unix socket, its
// log appended to a file.
//
// Authentication is `trust` for 127.0.0.0/8 and nothing else: the twin's stand-in for Microsoft
// Entra token authentication. A client is whoever it says it is (PGUSER = its identity's name);
// that is acceptable only because nothing but this machine's loopback can reach the server.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve as absolutePath } from 'node:path';
import pg from 'pg';
import {
  clusterOwner,
  initCluster,
  messageOf,
  requirePostgresBinDir,
  SUPERUSER,
  type ClusterOwner,
} from './postgres-cluster.js';

const HOST = '127.0.0.1';

/** Starts a process; node's `spawn` unless the caller brings its own (to track the process). */
export type SpawnProcess = (
  command: string,
  args: readonly string[],
  options: SpawnOptions,
) => ChildProcess;

export interface PostgresServerOptions {
  /** The cluster's directory: removed and initialised anew at each start. */
  dataDir: string;
  /** Where initdb's and the server's output is appended. */
  logFile: string;
  /** A port on 127.0.0.1; absent or 0: a free one. */
  port?: number;
  spawn?: SpawnProcess;
  /** How long initdb and the server may take to be ready; 30 s unless told. */
  readyTimeoutMs?: number;
}

/** How the server ended. */
export interface PostgresExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A statement, with `$1…` values when it takes any. */
export type AdminStatement = string | { text: string; values: unknown[] };

export interface PostgresServerHandle {
  host: typeof HOST;
  port: number;
  /** The postmaster's pid, which is also its process group's id. */
  pid: number;
  /** The superuser initdb created; trust authentication, so no password. */
  superuser: typeof SUPERUSER;
  /** Settles when the server exits, for whatever reason. */
  exited: Promise<PostgresExit>;
  /** Runs the statements in order in `database` as the superuser; each one's rows. */
  admin(database: string, statements: readonly AdminStatement[]): Promise<pg.QueryResultRow[][]>;
  /** Fast shutdown (SIGINT), then SIGKILL to the process group after 10 s; safe to call twice. */
  stop(): Promise<void>;
}

export async function startPostgresServer(
  options: PostgresServerOptions,
): Promise<PostgresServerHandle> {
  const bin = requirePostgresBinDir();
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  // Absolute: the server runs in its data directory and reports it as `data_directory`.
  const place = { dataDir: absolutePath(options.dataDir), logFile: absolutePath(options.logFile) };
  const owner = await clusterOwner();
  mkdirSync(dirname(place.logFile), { recursive: true });
  appendFileSync(place.logFile, `--- ${new Date().toISOString()} initdb ${place.dataDir}\n`);
  await initCluster(bin, place, owner, timeoutMs);
  const port = options.port || (await freePort());
  const child = startPostmaster(bin, { ...place, spawn: options.spawn }, owner, port);
  const exited = new Promise<PostgresExit>((resolve) => {
    child.once('error', () => resolve({ code: 127, signal: null }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid ?? 0;
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => killGroup(pid, 'SIGKILL'));
  try {
    await untilReady(port, place.dataDir, exited, timeoutMs);
  } catch (error) {
    killGroup(pid, 'SIGKILL');
    await exited;
    process.removeListener('exit', killOnExit);
    throw new Error(
      `PostgreSQL did not start on ${HOST}:${port}: ${messageOf(error)}\n${logTail(place.logFile)}`,
      { cause: error },
    );
  }
  let stopping: Promise<void> | undefined;
  return {
    host: HOST,
    port,
    pid,
    superuser: SUPERUSER,
    exited,
    admin: (database, statements) => runAsSuperuser(port, database, statements),
    stop: () =>
      (stopping ??= (async () => {
        killGroup(pid, 'SIGINT');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
        process.removeListener('exit', killOnExit);
      })()),
  };
}

/**
 * `postgres` in the foreground, in its own process group (detached), its output appended to the
 * log. fsync is off: the cluster is thrown away at the next start anyway.
 */
function startPostmaster(
  bin: string,
  options: { dataDir: string; logFile: string; spawn: SpawnProcess | undefined },
  owner: ClusterOwner | undefined,
  port: number,
): ChildProcess {
  const settings = {
    listen_addresses: HOST,
    port: String(port),
    unix_socket_directories: '',
    fsync: 'off',
    full_page_writes: 'off',
  };
  const args = [
    '-D',
    options.dataDir,
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  appendFileSync(options.logFile, `--- ${new Date().toISOString()} postgres on ${HOST}:${port}\n`);
  const log = openSync(options.logFile, 'a');
  try {
    return (options.spawn ?? spawn)(join(bin, 'postgres'), args, {
      cwd: options.dataDir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
      stdio: ['ignore', log, log],
      detached: true,
      ...(owner ?? {}),
    });
  } finally {
    closeSync(log);
  }
}

/**
 * Resolves once this server accepts a connection; fails if it exits, takes too long, or another
 * PostgreSQL answers on the port (told apart by its data directory).
 */
async function untilReady(
  port: number,
  dataDir: string,
  exited: Promise<PostgresExit>,
  timeoutMs: number,
): Promise<void> {
  let exit: string | undefined;
  void exited.then(({ code, signal }) => (exit = signal ?? `exit code ${String(code)}`));
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`the server exited (${exit}); the end of its log:`);
    let answered: string | undefined;
    try {
      const [[row] = []] = await runAsSuperuser(port, 'postgres', ['SHOW data_directory']);
      answered = String(row?.data_directory);
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (answered === dataDir) return;
    throw new Error(`another PostgreSQL (data directory ${answered}) already listens on the port`);
  }
  throw new Error(`not ready within ${timeoutMs} ms: ${messageOf(last)}`);
}

async function runAsSuperuser(
  port: number,
  database: string,
  statements: readonly AdminStatement[],
): Promise<pg.QueryResultRow[][]> {
  const client = new pg.Client({
    host: HOST,
    port,
    user: SUPERUSER,
    database,
    connectionTimeoutMillis: 5_000,
  });
  // A server that goes away mid-session reports on the client; unheard, it would end the process.
  client.on('error', () => undefined);
  await client.connect();
  const rows: pg.QueryResultRow[][] = [];
  try {
    for (const statement of statements) {
      const { text, values } =
        typeof statement === 'string' ? { text: statement, values: [] } : statement;
      try {
        rows.push((await client.query<pg.QueryResultRow>(text, values)).rows);
      } catch (error) {
        throw new Error(
          `PostgreSQL ${database}: ${messageOf(error)} (in: ${text.split('\n')[0]})`,
          {
            cause: error,
          },
        );
      }
    }
    return rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The last lines of the server's log, which say why it stopped. */
function logTail(logFile: string, lines = 12): string {
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** A port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Signals the postmaster's process group: the server and every backend it started. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

// A fresh PostgreSQL cluster on disk for the twin (postgres-server.ts starts it): Debian's newest
// PostgreSQL under /usr/lib/postgresql, initdb into an empty data directory, and a pg_hba.conf
// that lets in loopback clients only. PostgreSQL refuses to run as root, so as root the cluster
// belongs to, and runs as, the `postgres` user Debian's package creates.
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = '/usr/lib/postgresql';

/** The superuser initdb creates; trust authentication, so no password. */
export const SUPERUSER = 'postgres';

/** Who the server runs as: absent, whoever runs this; as root, the `postgres` user. */
export interface ClusterOwner {
  uid: number;
  gid: number;
}

/** `bin/` of the newest PostgreSQL Debian installed, or undefined without one. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(ROOT)) return undefined;
  const versions = readdirSync(ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(ROOT, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(ROOT, versions[0], 'bin');
}

/** The binaries, or the command that installs them. */
export function requirePostgresBinDir(): string {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`no PostgreSQL under ${ROOT}: apt-get install postgresql`);
  return bin;
}

export async function clusterOwner(): Promise<ClusterOwner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([
    run('id', ['-u', SUPERUSER]),
    run('id', ['-g', SUPERUSER]),
  ]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * An empty cluster in `dataDir`, its initdb output appended to `logFile`. An earlier cluster there
 * is removed first; anything else in the way (a directory that is not a cluster, a server still
 * running on it) is an error rather than something to delete or kill.
 */
export async function initCluster(
  bin: string,
  place: { dataDir: string; logFile: string },
  owner: ClusterOwner | undefined,
  timeoutMs: number,
): Promise<void> {
  freshDataDir(place.dataDir, owner);
  const args = ['-D', place.dataDir, '-U', SUPERUSER, '--auth=trust', '--no-sync', '--no-locale'];
  try {
    const out = await run(join(bin, 'initdb'), [...args, '-E', 'UTF8'], {
      owner,
      cwd: place.dataDir,
      timeoutMs,
    });
    appendFileSync(place.logFile, out);
  } catch (error) {
    const hint = owner
      ? ` (it runs as the ${SUPERUSER} user, which must be able to enter every directory above ${place.dataDir})`
      : '';
    throw new Error(`initdb failed${hint}: ${messageOf(error)}`, { cause: error });
  }
  // Only TCP from 127.0.0.0/8, and no Unix socket (postgres-server.ts): trust is the twin's
  // stand-in for Entra token authentication, and nothing but this machine can reach it.
  const hba = join(place.dataDir, 'pg_hba.conf');
  writeFileSync(
    hba,
    '# The local twin of Azure SQL (local/runtime/database): loopback clients only, trusted.\nhost all all 127.0.0.0/8 trust\n',
  );
  if (owner) chownSync(hba, owner.uid, owner.gid);
}

function freshDataDir(dataDir: string, owner: ClusterOwner | undefined): void {
  if (existsSync(dataDir)) {
    const cluster = existsSync(join(dataDir, 'PG_VERSION'));
    if (!cluster && readdirSync(dataDir).length > 0) {
      throw new Error(
        `${dataDir} is not a PostgreSQL data directory and not empty: move it away or choose another state directory`,
      );
    }
    const running = postmasterPid(dataDir);
    if (running !== undefined) {
      throw new Error(
        `a PostgreSQL server (pid ${running}) still runs on ${dataDir}, left by an earlier run: stop it (kill ${running}) and start again`,
      );
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  // Only the data directory itself is private: the server's user must pass through its parents.
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
}

/** The pid in `postmaster.pid` when that process is alive. */
function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function run(
  file: string,
  args: string[],
  options: { owner?: ClusterOwner | undefined; cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        timeout: options.timeoutMs ?? 10_000,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.owner ?? {}),
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
      },
      // A failure's message is `Command failed: <command>` and what it wrote to stderr.
      (error, stdout, stderr) =>
        error
          ? reject(new Error(error.message.trim(), { cause: error }))
          : resolve(stdout + stderr),
    );
  });
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

// The api image as real processes (images/api/src/server.ts, configured only by its environment)
// against a real PostgreSQL on 127.0.0.1: each process binds its database connections to its own
// loopback address, as each container group has its own private IP in the VNet.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { openPostgresDatabase } from '../../../images/shared/database/postgres.js';
import { repoRoot } from '../../support/cli.js';
import {
  createWorkloadSchema,
  startPostgres,
  type PostgresServer,
} from '../../support/postgres.js';
import { skipWithout } from '../../support/requires.js';

const skip = skipWithout('postgres');

interface ApiProcess {
  url: string;
  /** What the process wrote to stderr so far: its log. */
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts the api on 127.0.0.1 and a free port; resolves once it says where it listens. */
function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'images/api/src/server.ts'],
    {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`api did not start within 30 s:\n${log}`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const port = /api: listening on port (\d+)/.exec(log)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${port}`, log: () => log, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`api exited with ${String(code)} before listening:\n${log}`));
    });
  });
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('api image against a real PostgreSQL', { skip }, () => {
  let server: PostgresServer;
  const apis: ApiProcess[] = [];

  /** The environment the plan gives an app group, for PostgreSQL on this machine. */
  function groupEnv(group: string, sourceAddress: string, user = 'api') {
    return {
      DATABASE_ENGINE: 'postgres',
      PGHOST: server.host,
      PGPORT: String(server.port),
      PGDATABASE: server.database,
      PGUSER: user,
      DATABASE_SOURCE_ADDRESS: sourceAddress,
      CONTAINER_GROUP_NAME: group,
      PRIVATE_DNS_ZONES: 'privatelink.database.windows.net',
    };
  }

  async function api(group: string, sourceAddress: string, user?: string) {
    const started = await startApi(groupEnv(group, sourceAddress, user));
    apis.push(started);
    return started;
  }

  let one: ApiProcess;
  let two: ApiProcess;
  let wrongRole: ApiProcess;

  before(async () => {
    server = await startPostgres();
    await createWorkloadSchema(server);
    // The dashboard's role may not insert: an api misconfigured with it cannot record.
    [one, two, wrongRole] = await Promise.all([
      api('ci-contoso-app-1', '127.0.0.2'),
      api('ci-contoso-app-2', '127.0.0.3'),
      api('ci-contoso-app-3', '127.0.0.4', 'dashboard'),
    ]);
  });

  after(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await server?.stop();
  });

  test('/api/sqlsrcip answers the client address PostgreSQL saw', async () => {
    assert.deepEqual(await getJson(`${one.url}/api/sqlsrcip`), {
      status: 200,
      body: { sql_output: '127.0.0.2' },
    });
    const version = await getJson(`${one.url}/api/sqlversion`);
    assert.equal(version.status, 200);
    assert.match((version.body as { sql_output: string }).sql_output, /^PostgreSQL \d+/);
  });

  test('/api/sqlsrciplog from two groups shows up as two sources with their counts', async () => {
    await server.admin(['TRUNCATE access_log']);
    const since = new Date(Date.now() - 60_000);
    const logged: unknown[] = [];
    for (const [target, times] of [
      [one, 3],
      [two, 5],
    ] as const) {
      for (let i = 0; i < times; i += 1) {
        const answer = await getJson(`${target.url}/api/sqlsrciplog`);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        logged.push(answer.body);
      }
    }
    assert.deepEqual((logged[0] as { srciplog: { ip: string } }).srciplog.ip, '127.0.0.2');
    // The dashboard reads as its own role, which may only SELECT.
    const dashboard = openPostgresDatabase(server.settings('dashboard'));
    try {
      assert.deepEqual(await dashboard.accessCounts(since), [
        { sourceIp: '127.0.0.3', containerGroup: 'ci-contoso-app-2', count: 5 },
        { sourceIp: '127.0.0.2', containerGroup: 'ci-contoso-app-1', count: 3 },
      ]);
      await assert.rejects(dashboard.recordAccess('x'), /permission denied for table access_log/);
    } finally {
      await dashboard.close();
    }
  });

  test('a database failure is a generic 503 for the caller and the reason in the log', async () => {
    const answer = await getJson(`${wrongRole.url}/api/sqlsrciplog`);
    assert.deepEqual(answer, { status: 503, body: { error: 'database unavailable' } });
    assert.match(
      wrongRole.log(),
      /api: \/api\/sqlsrciplog failed: PostgreSQL 127\.0\.0\.1:\d+\/appdb: permission denied for table access_log/,
    );
  });

  test('/api/dns refuses a name outside the private zones', async () => {
    assert.deepEqual(await getJson(`${one.url}/api/dns?fqdn=www.contoso.com`), {
      status: 400,
      body: { error: "fqdn must be a name in one of the environment's private DNS zones" },
    });
  });
});

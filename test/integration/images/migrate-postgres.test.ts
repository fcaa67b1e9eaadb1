// The migrate image as a real process (images/migrate/src/main.ts, configured only by its
// environment) against a real PostgreSQL on 127.0.0.1: it sets the database up, a second run
// changes nothing, and each workload user can do exactly what it should.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openPostgresDatabase } from '../../../images/shared/database/postgres.js';
import { repoRoot } from '../../support/cli.js';
import { postgresBinDir, startPostgres, type PostgresServer } from '../../support/postgres.js';
import { skipWithout } from '../../support/requires.js';

const skip = skipWithout('postgres');

const API = 'id-contoso-prod-app';
const DASHBOARD = 'id-contoso-prod-dashboard';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'images/migrate/src/main.ts'],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the migrate image against PostgreSQL', { skip }, () => {
  let server: PostgresServer;
  let env: Record<string, string>;

  before(async () => {
    server = await startPostgres();
    env = {
      DATABASE_ENGINE: 'postgres',
      PGHOST: server.host,
      PGPORT: String(server.port),
      PGDATABASE: server.database,
      PGUSER: server.superuser,
      API_IDENTITY_NAME: API,
      DASHBOARD_IDENTITY_NAME: DASHBOARD,
    };
  });
  after(async () => {
    await server?.stop();
  });

  /** The database's schema and privileges as pg_dump prints them, and the workload roles. */
  async function catalog(): Promise<string> {
    const dump = await new Promise<string>((resolve, reject) =>
      execFile(
        join(postgresBinDir() ?? '', 'pg_dump'),
        ['-h', server.host, '-p', String(server.port), '-U', server.superuser, '--schema-only'],
        { env: { PATH: process.env.PATH ?? '', PGDATABASE: server.database } },
        (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
      ),
    );
    const client = new pg.Client({ ...server.settings(server.superuser), password: undefined });
    await client.connect();
    try {
      const roles = await client.query<{ line: string }>(
        "SELECT rolname || ' ' || rolcanlogin AS line FROM pg_roles WHERE rolname LIKE 'id-%' ORDER BY 1",
      );
      // pg_dump guards its output with a random key per dump (`\restrict <key>`): not the catalog.
      const schema = dump.replace(/^\\(un)?restrict \S+$/gm, '');
      return `${schema}\n${roles.rows.map((r) => r.line).join('\n')}`;
    } finally {
      await client.end();
    }
  }

  test('creates the access table, a login role per identity and their privileges, saying each change', async () => {
    const first = await run(env);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split('\n');
    assert.equal(lines[0], `migrate: connected to PostgreSQL 127.0.0.1:${server.port}/appdb`);
    for (const change of [
      'migrate: + table public.access_log',
      `migrate: + role ${API} LOGIN`,
      `migrate: + role ${DASHBOARD} LOGIN`,
      `migrate: + grant INSERT on public.access_log to ${API}`,
      `migrate: + grant SELECT on public.access_log to ${API}`,
      `migrate: + grant SELECT on public.access_log to ${DASHBOARD}`,
    ])
      assert.ok(lines.includes(change), `${change} in\n${first.stdout}`);
    assert.ok(!lines.some((l) => l.includes(`to ${DASHBOARD}`) && !l.includes('SELECT')));
    assert.match(lines.at(-1) ?? '', /^migrate: \d+ changes$/);
  });

  test('a second run changes nothing and says so: the catalog is the same', async () => {
    const before = await catalog();
    const second = await run(env);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(
      second.stdout,
      `migrate: connected to PostgreSQL 127.0.0.1:${server.port}/appdb\nmigrate: 0 changes: the database already had the access table and the users with their permissions\n`,
    );
    assert.equal(await catalog(), before);
  });

  test('the api records and reads accesses; the dashboard reads them and may not record one', async () => {
    const api = openPostgresDatabase(server.settings(API));
    const dashboard = openPostgresDatabase(server.settings(DASHBOARD));
    try {
      const since = new Date(Date.now() - 60_000);
      const recorded = await api.recordAccess('ci-contoso-prod-app-1');
      assert.equal(recorded.sourceIp, '127.0.0.1');
      assert.deepEqual(await api.accessCounts(since), [
        { sourceIp: '127.0.0.1', containerGroup: 'ci-contoso-prod-app-1', count: 1 },
      ]);
      assert.deepEqual(await dashboard.accessCounts(since), await api.accessCounts(since));
      await assert.rejects(
        dashboard.recordAccess('ci-contoso-prod-dashboard'),
        /permission denied/,
      );
    } finally {
      await Promise.all([api.close(), dashboard.close()]);
    }
    // Nor may the api change or remove what was recorded.
    const client = new pg.Client(server.settings(API));
    await client.connect();
    try {
      await assert.rejects(
        client.query("UPDATE access_log SET source_ip = '10.0.0.1'"),
        /permission denied/,
      );
      await assert.rejects(client.query('DELETE FROM access_log'), /permission denied/);
    } finally {
      await client.end();
    }
  });

  test('takes back a privilege a user should not hold, and names it', async () => {
    await server.admin([`GRANT INSERT, DELETE ON access_log TO "${DASHBOARD}"`]);
    const narrowed = await run(env);
    assert.equal(narrowed.code, 0, narrowed.stderr);
    assert.deepEqual(narrowed.stdout.trim().split('\n').slice(1), [
      `migrate: - grant DELETE on public.access_log to ${DASHBOARD}`,
      `migrate: - grant INSERT on public.access_log to ${DASHBOARD}`,
      'migrate: 2 changes',
    ]);
  });

  test('exits 1 with the reason last when the database refuses, and 2 without an api identity', async () => {
    const refused = await run({ ...env, PGUSER: DASHBOARD });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr.trim().split('\n').at(-1) ?? '',
      /^migrate: failed while migrating: .*(permission denied|must be owner)/,
    );
    const unset = await run({ ...env, API_IDENTITY_NAME: '' });
    assert.equal(unset.code, 2);
    assert.equal(unset.stderr, 'migrate: invalid settings: API_IDENTITY_NAME is required\n');
  });
});

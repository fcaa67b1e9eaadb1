// The PostgreSQL twin of Azure SQL against a real PostgreSQL on 127.0.0.1: the server the runtime
// starts, the databases it keeps in step with the emulated Azure SQL records, and the real
// migration and workload reaching it with the settings the runtime gives their containers.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPostgresDatabase } from '../../../images/shared/database/postgres.js';
import { readDatabaseSettings } from '../../../images/shared/database/settings.js';
import { connectPostgres, postgresTarget } from '../../../images/migrate/src/postgres.js';
import { runMigration } from '../../../images/migrate/src/run.js';
import { syncAzureSqlTwin } from '../../../local/runtime/database/azure-sql-twin.js';
import { containerDatabaseEnv } from '../../../local/runtime/database/container-database-env.js';
import {
  startPostgresServer,
  type PostgresServerHandle,
} from '../../../local/runtime/database/postgres-server.js';
import type { ArmRecord } from '../../../local/runtime/types.js';
import { sqlDatabase, sqlServer } from '../../support/azure-sql-records.js';
import { skipWithout } from '../../support/requires.js';

const skip = skipWithout('postgres');

const SERVER = 'sql-contoso-dev-k3x9a2b1';
const FQDN = `${SERVER}.database.windows.net`;
const ADMIN = 'id-contoso-dev-sql-admin';
const API = 'id-contoso-dev-app';
const DASHBOARD = 'id-contoso-dev-dashboard';
const DB = `${SERVER}/appdb`;

const records: ArmRecord[] = [sqlServer(SERVER, ADMIN), sqlDatabase(SERVER, 'appdb')];

/** What src/plan/database-migration.ts gives the migrate container, flattened. */
const migrateEnv = {
  DATABASE_ENGINE: 'azuresql',
  SQL_SERVER_FQDN: FQDN,
  SQL_DATABASE: 'appdb',
  AZURE_CLIENT_ID: '0a0a0a0a-1111-2222-3333-444444444444',
  API_IDENTITY_NAME: API,
  API_IDENTITY_OBJECT_ID: '1b1b1b1b-1111-2222-3333-444444444444',
  API_IDENTITY_CLIENT_ID: '2c2c2c2c-1111-2222-3333-444444444444',
  DASHBOARD_IDENTITY_NAME: DASHBOARD,
  DASHBOARD_IDENTITY_OBJECT_ID: '3d3d3d3d-1111-2222-3333-444444444444',
  DASHBOARD_IDENTITY_CLIENT_ID: '4e4e4e4e-1111-2222-3333-444444444444',
};

/** What src/plan/container-groups.ts gives the api container. */
const apiEnv = { DATABASE_ENGINE: 'azuresql', SQL_SERVER_FQDN: FQDN, SQL_DATABASE: 'appdb' };

describe('the PostgreSQL twin of Azure SQL', { skip }, () => {
  let dir: string;
  let server: PostgresServerHandle;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'avs-twin-'));
    // As root the server runs as `postgres`, which must be able to enter the directory.
    chmodSync(dir, 0o755);
    server = await startPostgresServer({
      dataDir: join(dir, 'state', 'postgres'),
      logFile: join(dir, 'logs', 'postgres.log'),
    });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The twin's databases and owner roles, as the catalog holds them. */
  async function catalog() {
    const [databases = [], roles = []] = await server.admin('postgres', [
      `SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database
        WHERE NOT datistemplate ORDER BY 1`,
      `SELECT rolname, rolcanlogin, rolcreaterole, rolsuper, rolcreatedb FROM pg_roles
        WHERE rolname LIKE 'id-%' ORDER BY 1`,
    ]);
    return { databases, roles };
  }

  test('listens on 127.0.0.1 only, without a Unix socket, trusting loopback clients only', async () => {
    assert.equal(server.host, '127.0.0.1');
    const [[listen] = [], [socket] = [], hba] = await server.admin('postgres', [
      'SHOW listen_addresses',
      'SHOW unix_socket_directories',
      'SELECT type, database, user_name, address, netmask, auth_method FROM pg_hba_file_rules',
    ]);
    assert.deepEqual(listen, { listen_addresses: '127.0.0.1' });
    assert.deepEqual(socket, { unix_socket_directories: '' });
    assert.deepEqual(hba, [
      {
        type: 'host',
        database: ['all'],
        user_name: ['all'],
        address: '127.0.0.0',
        netmask: '255.0.0.0',
        auth_method: 'trust',
      },
    ]);
    assert.match(
      readFileSync(join(dir, 'logs', 'postgres.log'), 'utf8'),
      /postgres on 127\.0\.0\.1:/,
    );
  });

  test("creates each database owned by its server's Entra administrator, and a second sync changes nothing", async () => {
    const first = await syncAzureSqlTwin(server, records);
    assert.deepEqual(first, {
      changes: [
        `created role ${ADMIN} (LOGIN CREATEROLE), the Entra administrator`,
        `created database ${DB} owned by ${ADMIN}`,
      ],
      problems: [],
    });
    const before = await catalog();
    assert.deepEqual(before.databases, [
      { datname: 'postgres', owner: 'postgres' },
      { datname: DB, owner: ADMIN },
    ]);
    assert.deepEqual(before.roles, [
      {
        rolname: ADMIN,
        rolcanlogin: true,
        rolcreaterole: true,
        rolsuper: false,
        rolcreatedb: false,
      },
    ]);
    assert.deepEqual(await syncAzureSqlTwin(server, records), { changes: [], problems: [] });
    assert.deepEqual(await catalog(), before);
  });

  test('the real migration, as the administrator, sets it up; the api then records and reads accesses from its group address', async () => {
    const out: string[] = [];
    const admin = { identityName: ADMIN, address: '127.0.1.5' };
    const code = await runMigration(containerDatabaseEnv(migrateEnv, admin, server), {
      open: async ({ database }) => {
        assert.equal(database.engine, 'postgres');
        if (database.engine !== 'postgres') throw new Error('not translated');
        return postgresTarget(await connectPostgres(database), `PostgreSQL ${database.database}`);
      },
      out: (line) => out.push(line),
      err: (line) => out.push(line),
    });
    assert.equal(code, 0, out.join('\n'));
    assert.ok(out.includes(`migrate: + role ${API} LOGIN`), out.join('\n'));
    assert.ok(
      out.includes(`migrate: + grant INSERT on public.access_log to ${API}`),
      out.join('\n'),
    );

    const api = readDatabaseSettings(
      containerDatabaseEnv(apiEnv, { identityName: API, address: '127.0.1.7' }, server),
    );
    assert.ok(api.ok && api.settings?.engine === 'postgres', JSON.stringify(api));
    const database = openPostgresDatabase(api.settings);
    try {
      assert.equal(await database.sourceIp(), '127.0.1.7');
      const recorded = await database.recordAccess('ci-contoso-dev-app-1');
      assert.equal(recorded.sourceIp, '127.0.1.7');
      assert.deepEqual(await database.accessCounts(new Date(Date.now() - 60_000)), [
        { sourceIp: '127.0.1.7', containerGroup: 'ci-contoso-dev-app-1', count: 1 },
      ]);
    } finally {
      await database.close();
    }
  });

  test('a server without an Entra administrator is a problem and creates nothing; existing databases stay', async () => {
    const report = await syncAzureSqlTwin(server, [
      ...records,
      sqlServer('sql-other'),
      sqlDatabase('sql-other', 'appdb'),
    ]);
    assert.deepEqual(report.changes, []);
    assert.match(
      report.problems.join('\n'),
      /SQL server sql-other has no Microsoft Entra administrator/,
    );
    assert.deepEqual(
      (await catalog()).databases.map((d) => String(d.datname)),
      ['postgres', DB],
    );
  });

  test('a database deleted in Azure is dropped, ending its sessions', async () => {
    const api = openPostgresDatabase({
      engine: 'postgres',
      host: server.host,
      port: server.port,
      database: DB,
      user: API,
    });
    try {
      await api.sourceIp();
      const report = await syncAzureSqlTwin(server, [sqlServer(SERVER, ADMIN)]);
      assert.deepEqual(report, {
        changes: [`dropped database ${DB}: its Azure SQL database is gone`],
        problems: [],
      });
      assert.deepEqual(
        (await catalog()).databases.map((d) => String(d.datname)),
        ['postgres'],
      );
    } finally {
      await api.close().catch(() => undefined);
    }
  });

  test('refuses a data directory that is not a cluster, and a port already taken, saying why', async () => {
    const stranger = join(dir, 'not-a-cluster');
    mkdirSync(stranger);
    writeFileSync(join(stranger, 'notes.txt'), 'mine');
    await assert.rejects(
      startPostgresServer({ dataDir: stranger, logFile: join(dir, 'logs', 'other.log') }),
      /not-a-cluster is not a PostgreSQL data directory and not empty/,
    );
    await assert.rejects(
      startPostgresServer({
        dataDir: join(dir, 'state', 'second'),
        logFile: join(dir, 'logs', 'second.log'),
        port: server.port,
      }),
      // Whichever it notices first: the other server answering, or its own failure to bind.
      new RegExp(
        `PostgreSQL did not start on 127\\.0\\.0\\.1:${server.port}: (another PostgreSQL \\(data directory ${dir}/state/postgres\\) already listens on the port|the server exited[^]*could not bind)`,
      ),
    );
  });

  test('stop ends the server and every process it started', async () => {
    const { pid } = server;
    await server.stop();
    await server.exited;
    assert.throws(() => process.kill(-pid, 0), { code: 'ESRCH' });
    await server.stop();
  });
});

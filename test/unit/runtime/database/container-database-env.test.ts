import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readDatabaseSettings } from '../../../../images/shared/database/settings.js';
import { containerDatabaseEnv } from '../../../../local/runtime/database/container-database-env.js';

const twin = { host: '127.0.0.1', port: 54321 };
const appGroup = { identityName: 'id-contoso-dev-app', address: '127.168.2.4' };

/** What src/plan/container-groups.ts gives the api container, flattened by the runtime. */
const apiEnv = {
  DATABASE_ENGINE: 'azuresql',
  SQL_SERVER_FQDN: 'sql-contoso-dev-k3x9a2b1.database.windows.net',
  SQL_DATABASE: 'appdb',
  CONTAINER_GROUP_NAME: 'ci-contoso-dev-app-1',
  AZURE_CLIENT_ID: '0a0a0a0a-1111-2222-3333-444444444444',
};

describe("a container's database settings on the local twin", () => {
  test('Azure SQL becomes the twin: its database, the group identity as user, the group address as source', () => {
    assert.deepEqual(containerDatabaseEnv(apiEnv, appGroup, twin), {
      CONTAINER_GROUP_NAME: 'ci-contoso-dev-app-1',
      AZURE_CLIENT_ID: '0a0a0a0a-1111-2222-3333-444444444444',
      DATABASE_ENGINE: 'postgres',
      PGHOST: '127.0.0.1',
      PGPORT: '54321',
      PGDATABASE: 'sql-contoso-dev-k3x9a2b1/appdb',
      PGUSER: 'id-contoso-dev-app',
      DATABASE_SOURCE_ADDRESS: '127.168.2.4',
    });
  });

  test('the workload reads the result as PostgreSQL settings bound to the group address', () => {
    const read = readDatabaseSettings(containerDatabaseEnv(apiEnv, appGroup, twin));
    assert.deepEqual(read, {
      ok: true,
      settings: {
        engine: 'postgres',
        host: '127.0.0.1',
        port: 54321,
        database: 'sql-contoso-dev-k3x9a2b1/appdb',
        user: 'id-contoso-dev-app',
        sourceAddress: '127.168.2.4',
      },
    });
  });

  test("the migration group signs in as its identity, the SQL administrator, and keeps the workload identities' settings", () => {
    const migrate = {
      ...apiEnv,
      API_IDENTITY_NAME: 'id-contoso-dev-app',
      API_IDENTITY_OBJECT_ID: '5a5a5a5a-1111-2222-3333-444444444444',
    };
    const group = { identityName: 'id-contoso-dev-sql-admin', address: '127.168.2.9' };
    const out = containerDatabaseEnv(migrate, group, twin);
    assert.equal(out.PGUSER, 'id-contoso-dev-sql-admin');
    assert.equal(out.API_IDENTITY_NAME, 'id-contoso-dev-app');
    assert.equal(out.API_IDENTITY_OBJECT_ID, '5a5a5a5a-1111-2222-3333-444444444444');
  });

  test('SQL_SERVER_FQDN alone means Azure SQL, as the workload reads it; no SQL_DATABASE means appdb', () => {
    const out = containerDatabaseEnv(
      { SQL_SERVER_FQDN: 'sql-a.database.windows.net' },
      appGroup,
      twin,
    );
    assert.equal(out.DATABASE_ENGINE, 'postgres');
    assert.equal(out.PGDATABASE, 'sql-a/appdb');
    assert.equal(out.SQL_SERVER_FQDN, undefined);
  });

  test('a group without an identity gets no user: it has no one to sign in as', () => {
    const out = containerDatabaseEnv(
      apiEnv,
      { identityName: undefined, address: '127.0.1.2' },
      twin,
    );
    assert.equal('PGUSER' in out, false);
    assert.equal(out.DATABASE_ENGINE, 'postgres');
  });

  test('containers without Azure SQL settings, or already on PostgreSQL, are left as they are', () => {
    const web = { PORT: '80', CONTAINER_GROUP_NAME: 'ci-contoso-dev-app-1' };
    assert.deepEqual(containerDatabaseEnv(web, appGroup, twin), web);
    const postgres = { DATABASE_ENGINE: 'postgres', PGHOST: '127.0.0.9', PGUSER: 'someone' };
    assert.deepEqual(containerDatabaseEnv(postgres, appGroup, twin), postgres);
    const noServer = { DATABASE_ENGINE: 'azuresql', SQL_DATABASE: 'appdb' };
    assert.deepEqual(containerDatabaseEnv(noServer, appGroup, twin), noServer);
  });
});

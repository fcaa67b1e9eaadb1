import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogChanges, summaryLine } from '../../../images/migrate/src/migration.js';
import { readMigrationSettings } from '../../../images/migrate/src/settings.js';

const GUID_A = '0b0b0b0b-0000-4000-8000-00000000000a';
const GUID_B = 'C1C1C1C1-0000-4000-8000-00000000000A';

const azure = {
  DATABASE_ENGINE: 'azuresql',
  SQL_SERVER_FQDN: 'sql-contoso-prod-x.database.windows.net',
  SQL_DATABASE: 'appdb',
  API_IDENTITY_NAME: 'id-contoso-prod-app',
  API_IDENTITY_OBJECT_ID: GUID_A,
  API_IDENTITY_CLIENT_ID: GUID_B,
};

describe('the migration settings', () => {
  test('reads the api identity with both ids (lower-cased) and its privileges; no dashboard is fine', () => {
    const result = readMigrationSettings(azure);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.settings.users, [
      {
        role: 'api',
        name: 'id-contoso-prod-app',
        objectId: GUID_A,
        clientId: GUID_B.toLowerCase(),
        privileges: ['SELECT', 'INSERT'],
      },
    ]);
    assert.equal(result.settings.database.engine, 'azuresql');
  });

  test('gives the dashboard only SELECT', () => {
    const result = readMigrationSettings({
      ...azure,
      DASHBOARD_IDENTITY_NAME: 'id-contoso-prod-dashboard',
      DASHBOARD_IDENTITY_OBJECT_ID: GUID_A,
      DASHBOARD_IDENTITY_CLIENT_ID: GUID_A,
    });
    assert.ok(result.ok);
    assert.deepEqual(result.settings.users[1]?.privileges, ['SELECT']);
  });

  test('refuses, all at once, names and ids that could not go into DDL', () => {
    const result = readMigrationSettings({
      ...azure,
      API_IDENTITY_NAME: 'x]; DROP TABLE access_log; --',
      API_IDENTITY_OBJECT_ID: "1'; --",
      API_IDENTITY_CLIENT_ID: '',
    });
    assert.deepEqual(result, {
      ok: false,
      problems: [
        'API_IDENTITY_NAME must be a managed identity name, got "x]; DROP TABLE access_log; --"',
        'API_IDENTITY_OBJECT_ID must be a GUID, got "1\'; --"',
        'API_IDENTITY_CLIENT_ID must be a GUID, got ""',
      ],
    });
  });

  test('needs no ids for PostgreSQL, but an engine and an api identity', () => {
    const pg = readMigrationSettings({
      DATABASE_ENGINE: 'postgres',
      PGUSER: 'postgres',
      API_IDENTITY_NAME: 'id-dev-app',
    });
    assert.ok(pg.ok);
    assert.deepEqual(pg.settings.users[0]?.objectId, undefined);
    assert.deepEqual(readMigrationSettings({}), {
      ok: false,
      problems: [
        'DATABASE_ENGINE (azuresql or postgres) is required',
        'API_IDENTITY_NAME is required',
      ],
    });
  });
});

describe('the catalog difference a migration reports', () => {
  test('lists what appeared and what went away, sorted by entry, and nothing for an unchanged catalog', () => {
    assert.deepEqual(
      catalogChanges(['table t', 'grant INSERT on t to d'], ['grant SELECT on t to a', 'table t']),
      ['- grant INSERT on t to d', '+ grant SELECT on t to a'],
    );
    assert.deepEqual(catalogChanges(['a', 'b'], ['b', 'a']), []);
    assert.equal(summaryLine({ changes: ['+ a'] }), 'migrate: 1 change');
    assert.match(summaryLine({ changes: [] }), /^migrate: 0 changes: /);
  });
});

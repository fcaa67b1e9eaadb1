import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  desiredDatabases,
  twinSteps,
  type TwinCatalog,
} from '../../../../local/runtime/database/twin-plan.js';
import { sqlDatabase, sqlServer } from '../../../support/azure-sql-records.js';

const ADMIN = 'id-contoso-dev-sql-admin';
const SERVER = 'sql-contoso-dev-k3x9a2b1';
const DB = `${SERVER}/appdb`;

const empty: TwinCatalog = { databases: [], roles: [] };

describe('the databases the twin should hold', () => {
  test("each Azure SQL database, owned by its server's Entra administrator", () => {
    const database = sqlDatabase(SERVER, 'appdb');
    assert.deepEqual(desiredDatabases([sqlServer(SERVER, ADMIN), database]), {
      databases: [{ database: DB, owner: ADMIN, id: database.id }],
      problems: [],
      kept: [],
    });
  });

  test('two servers with an appdb each are two databases with their own owners', () => {
    const { databases } = desiredDatabases([
      sqlServer('sql-b', 'id-b-sql-admin'),
      sqlDatabase('sql-b', 'appdb'),
      sqlServer('sql-a', 'id-a-sql-admin'),
      sqlDatabase('sql-a', 'appdb'),
    ]);
    assert.deepEqual(
      databases.map((d) => [d.database, d.owner]),
      [
        ['sql-a/appdb', 'id-a-sql-admin'],
        ['sql-b/appdb', 'id-b-sql-admin'],
      ],
    );
  });

  test('a server without an Entra administrator is a problem that names it, and gets no database', () => {
    const twin = desiredDatabases([sqlServer(SERVER), sqlDatabase(SERVER, 'appdb')]);
    assert.deepEqual(twin.databases, []);
    assert.deepEqual(twin.kept, [DB]);
    assert.equal(twin.problems.length, 1);
    assert.match(
      twin.problems[0] ?? '',
      new RegExp(`SQL server ${SERVER} has no Microsoft Entra administrator`),
    );
  });

  test("names outside Azure's rules, or logins PostgreSQL cannot hold, are problems, never statements", () => {
    const twin = desiredDatabases([
      sqlServer('SQL_Upper', ADMIN),
      sqlDatabase('SQL_Upper', 'appdb'),
      sqlServer('sql-a', ADMIN),
      sqlDatabase('sql-a', 'app*db'),
      sqlServer('sql-b', 'pg_admin'),
      sqlDatabase('sql-b', 'appdb'),
    ]);
    assert.deepEqual(twin.databases, []);
    assert.equal(twin.problems.length, 3);
    assert.match(twin.problems.join('\n'), /"SQL_Upper" breaks Azure's rule/);
    assert.match(twin.problems.join('\n'), /"app\*db" breaks Azure's rule/);
    assert.match(twin.problems.join('\n'), /sql-b: .*"pg_admin" is reserved/);
  });

  test('a database whose server is not among the records waits for it, without a problem; other types are ignored', () => {
    const twin = desiredDatabases([
      sqlDatabase(SERVER, 'appdb'),
      {
        id: '/x/providers/Microsoft.Network/virtualNetworks/v',
        name: 'v',
        type: 'Microsoft.Network/virtualNetworks',
        properties: {},
      },
    ]);
    assert.deepEqual(twin, { databases: [], problems: [], kept: [] });
  });

  test('ARM types compare case-insensitively', () => {
    const server = { ...sqlServer(SERVER, ADMIN), type: 'microsoft.sql/SERVERS' };
    const database = { ...sqlDatabase(SERVER, 'appdb'), type: 'Microsoft.SQL/servers/Databases' };
    assert.equal(desiredDatabases([server, database]).databases.length, 1);
  });
});

describe('the statements that take the twin there', () => {
  const desired = { databases: [{ database: DB, owner: ADMIN, id: 'x' }], kept: [] };

  test('an empty twin gets the owner role (login, create roles, no superuser) and the database it owns', () => {
    assert.deepEqual(
      twinSteps(desired, empty).map((s) => s.statement),
      [`CREATE ROLE "${ADMIN}" LOGIN CREATEROLE`, `CREATE DATABASE "${DB}" OWNER "${ADMIN}"`],
    );
  });

  test('a twin in step gets nothing', () => {
    const catalog: TwinCatalog = {
      databases: [{ name: DB, owner: ADMIN }],
      roles: [{ name: ADMIN, login: true, createRole: true }],
    };
    assert.deepEqual(twinSteps(desired, catalog), []);
  });

  test('a role that cannot log in or create roles is given both; a database with another owner is handed over', () => {
    const catalog: TwinCatalog = {
      databases: [{ name: DB, owner: 'postgres' }],
      roles: [{ name: ADMIN, login: true, createRole: false }],
    };
    assert.deepEqual(twinSteps(desired, catalog), [
      {
        statement: `ALTER ROLE "${ADMIN}" LOGIN CREATEROLE`,
        change: `let role ${ADMIN} log in and create roles`,
      },
      {
        statement: `ALTER DATABASE "${DB}" OWNER TO "${ADMIN}"`,
        change: `gave database ${DB} to ${ADMIN} (was postgres)`,
      },
    ]);
  });

  test('a database whose Azure resource is gone is dropped, ending its sessions; its owner role stays', () => {
    const catalog: TwinCatalog = {
      databases: [{ name: DB, owner: ADMIN }],
      roles: [{ name: ADMIN, login: true, createRole: true }],
    };
    assert.deepEqual(twinSteps({ databases: [], kept: [] }, catalog), [
      {
        statement: `DROP DATABASE "${DB}" WITH (FORCE)`,
        change: `dropped database ${DB}: its Azure SQL database is gone`,
      },
    ]);
  });

  test('a database whose server has a problem now is kept as it is, not dropped', () => {
    const catalog: TwinCatalog = { databases: [{ name: DB, owner: ADMIN }], roles: [] };
    assert.deepEqual(twinSteps({ databases: [], kept: [DB] }, catalog), []);
  });

  test('every name in DDL is quoted, with inner quotes doubled', () => {
    const odd = { databases: [{ database: 'sql-a/app"db', owner: 'id-"x"', id: 'x' }], kept: [] };
    assert.deepEqual(
      twinSteps(odd, empty).map((s) => s.statement),
      [
        'CREATE ROLE "id-""x""" LOGIN CREATEROLE',
        'CREATE DATABASE "sql-a/app""db" OWNER "id-""x"""',
      ],
    );
  });
});

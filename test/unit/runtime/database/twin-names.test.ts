import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  databaseNameProblem,
  loginProblem,
  quoteIdentifier,
  serverNameProblem,
  serverOfFqdn,
  twinDatabaseName,
} from '../../../../local/runtime/database/twin-names.js';

describe('names in the PostgreSQL twin', () => {
  test("a server name follows Azure's rule: 1-63 lower-case letters, digits and inner hyphens", () => {
    for (const good of ['a', 'sql-contoso-dev-k3x9a2b1', 'a'.repeat(63)])
      assert.equal(serverNameProblem(good), undefined, good);
    for (const bad of ['', 'a'.repeat(64), '-sql', 'sql-', 'SQL-X', 'sql_x', 'sql.x'])
      assert.match(serverNameProblem(bad) ?? '', /breaks Azure's rule/, bad);
  });

  test("a database name follows Azure's rule: 1-128 characters, none of <>*%&:\\/? or controls, no trailing period or space", () => {
    for (const good of ['appdb', 'app db.v2', 'x'.repeat(128), 'app"db;'])
      assert.equal(databaseNameProblem(good), undefined, good);
    for (const bad of [
      '',
      'x'.repeat(129),
      'a<b',
      'a*b',
      'a%b',
      'a&b',
      'a:b',
      'a\\b',
      'a/b',
      'a?b',
      'db.',
      'db ',
      'a\tb',
    ])
      assert.match(databaseNameProblem(bad) ?? '', /breaks Azure's rule/, JSON.stringify(bad));
  });

  test('an administrator login must fit a PostgreSQL role and not take a reserved name', () => {
    assert.equal(loginProblem('id-contoso-dev-sql-admin'), undefined);
    assert.equal(loginProblem('x'.repeat(63)), undefined);
    assert.match(loginProblem('x'.repeat(64)) ?? '', /longer than the 63 bytes/);
    assert.match(loginProblem('é'.repeat(32)) ?? '', /longer than the 63 bytes/);
    assert.match(loginProblem('postgres') ?? '', /reserved/);
    assert.match(loginProblem('pg_monitor') ?? '', /reserved/);
    assert.match(loginProblem(' ') ?? '', /principal's name/);
    assert.match(loginProblem('a\nb') ?? '', /control characters/);
  });

  test('a database is named after its server and itself, so two servers keep two appdb', () => {
    assert.equal(twinDatabaseName('sql-a', 'appdb'), 'sql-a/appdb');
    assert.notEqual(twinDatabaseName('sql-a', 'appdb'), twinDatabaseName('sql-b', 'appdb'));
  });

  test('a name past 63 bytes is cut and ends in a hash: deterministic, distinct, never a broken character', () => {
    const server = 'sql-contoso-dev-k3x9a2b1';
    const long = twinDatabaseName(server, `${'x'.repeat(60)}-one`);
    assert.equal(Buffer.byteLength(long), 63);
    assert.match(long, /^sql-contoso-dev-k3x9a2b1\/x+~[0-9a-f]{8}$/);
    assert.equal(twinDatabaseName(server, `${'x'.repeat(60)}-one`), long);
    assert.notEqual(twinDatabaseName(server, `${'x'.repeat(60)}-two`), long);
    const wide = twinDatabaseName(server, 'é'.repeat(40));
    assert.ok(Buffer.byteLength(wide) <= 63);
    assert.match(wide, /^sql-contoso-dev-k3x9a2b1\/é+~[0-9a-f]{8}$/);
  });

  test('identifiers are quoted with inner quotes doubled; a server is the first label of its FQDN', () => {
    assert.equal(quoteIdentifier('id-x'), '"id-x"');
    assert.equal(quoteIdentifier('a"; DROP'), '"a""; DROP"');
    assert.equal(serverOfFqdn('sql-a.database.windows.net'), 'sql-a');
  });
});

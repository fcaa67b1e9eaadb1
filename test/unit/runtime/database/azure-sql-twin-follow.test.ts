import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  followAzureSqlTwin,
  type TwinAdmin,
} from '../../../../local/runtime/database/azure-sql-twin.js';
import type { AdminStatement } from '../../../../local/runtime/database/postgres-server.js';
import { sqlDatabase, sqlServer } from '../../../support/azure-sql-records.js';

const ADMIN = 'id-contoso-dev-sql-admin';
const records = [sqlServer('sql-a', ADMIN), sqlDatabase('sql-a', 'appdb')];

/** A superuser session that holds an empty catalog and fails the statements it is told to. */
function fakeServer(failing: RegExp[] = []) {
  const ran: string[] = [];
  const admin: TwinAdmin['admin'] = (_database, statements: readonly AdminStatement[]) => {
    const texts = statements.map((s) => (typeof s === 'string' ? s : s.text));
    ran.push(...texts);
    const fails = texts.find((t) => failing.some((f) => f.test(t)));
    if (fails) return Promise.reject(new Error(`refused: ${fails}`));
    return Promise.resolve(texts.map(() => []));
  };
  return { server: { admin }, ran, failing };
}

describe('the twin following the emulator', () => {
  test('acts when the records change, logs each change once, and leaves PostgreSQL alone while they do not', async () => {
    const { server, ran } = fakeServer();
    const lines: string[] = [];
    const twin = followAzureSqlTwin(server, (line) => lines.push(line));
    await twin.follow(records);
    assert.deepEqual(lines, [
      `database twin: created role ${ADMIN} (LOGIN CREATEROLE), the Entra administrator`,
      `database twin: created database sql-a/appdb owned by ${ADMIN}`,
    ]);
    const calls = ran.length;
    await twin.follow(records);
    await twin.follow([...records].reverse());
    assert.equal(ran.length, calls);
    assert.deepEqual(
      twin.status().databases.map((d) => d.database),
      ['sql-a/appdb'],
    );
  });

  test('a problem in the records is logged once while it lasts, and again if it comes back', async () => {
    const { server } = fakeServer();
    const lines: string[] = [];
    const twin = followAzureSqlTwin(server, (line) => lines.push(line));
    const broken = [sqlServer('sql-b'), sqlDatabase('sql-b', 'appdb')];
    await twin.follow(broken);
    await twin.follow(broken);
    assert.equal(lines.filter((l) => l.includes('no Microsoft Entra administrator')).length, 1);
    assert.equal(twin.status().problems.length, 1);
    await twin.follow([]);
    await twin.follow(broken);
    assert.equal(lines.filter((l) => l.includes('no Microsoft Entra administrator')).length, 2);
  });

  test('a refused statement is a logged problem, not a throw, and is tried again at the next poll', async () => {
    const fake = fakeServer([/CREATE DATABASE/]);
    const lines: string[] = [];
    const twin = followAzureSqlTwin(fake.server, (line) => lines.push(line));
    await twin.follow(records);
    await twin.follow(records);
    assert.equal(lines.filter((l) => l.includes('could not follow Azure SQL: refused')).length, 1);
    assert.equal(fake.ran.filter((t) => t.startsWith('CREATE DATABASE')).length, 2);
    fake.failing.length = 0;
    await twin.follow(records);
    assert.ok(lines.includes(`database twin: created database sql-a/appdb owned by ${ADMIN}`));
    assert.deepEqual(twin.status().problems, []);
  });
});

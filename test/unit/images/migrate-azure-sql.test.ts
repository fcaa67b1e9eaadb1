// The migration's Azure SQL side against a fake catalog: no SQL Server runs here, so these tests
// hold the statements it sends and what it decides from what sys.database_principals answers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  azureSqlTarget,
  createUserFailure,
  sidOfClientId,
  type TsqlRunner,
} from '../../../images/migrate/src/azure-sql.js';
import { migrate } from '../../../images/migrate/src/migration.js';
import type { DatabaseUser } from '../../../images/migrate/src/settings.js';
import { AZURE_SQL_SCHEMA } from '../../../images/shared/database/schema.js';

const API: DatabaseUser = {
  role: 'api',
  name: 'id-contoso-prod-app',
  objectId: '0b0b0b0b-0000-4000-8000-00000000000a',
  clientId: 'c1c1c1c1-0000-4000-8000-00000000000a',
  privileges: ['SELECT', 'INSERT'],
};
const DASHBOARD: DatabaseUser = {
  role: 'dashboard',
  name: 'id-contoso-prod-dashboard',
  objectId: '0b0b0b0b-0000-4000-8000-00000000000d',
  clientId: 'c1c1c1c1-0000-4000-8000-00000000000d',
  privileges: ['SELECT'],
};

interface Principal {
  type: string;
  sid: string;
}

/**
 * A database that answers the migration's queries from a small model of its catalog. Entra
 * resolves an object id to the client id `resolve` gives, as Azure SQL stores it for an
 * application (or throws what Azure SQL would).
 */
function fakeDatabase(
  resolve: (objectId: string) => string,
  { refuseSid = false }: { refuseSid?: boolean } = {},
) {
  const principals = new Map<string, Principal>();
  const grants = new Set<string>();
  let table = false;
  const sent: string[] = [];
  const runner: TsqlRunner = {
    query<Row>(text: string, inputs: Record<string, string> = {}): Promise<Row[]> {
      sent.push(text);
      const rows = (value: unknown[]) => Promise.resolve(value as Row[]);
      if (AZURE_SQL_SCHEMA.includes(text)) {
        if (text.includes('CREATE TABLE')) table = true;
        return rows([]);
      }
      if (text.includes('UNION ALL')) {
        const names = Object.entries(inputs)
          .filter(([k]) => k.startsWith('user'))
          .map(([, v]) => v);
        return rows(
          [
            ...(table ? ['table dbo.access_log'] : []),
            ...names.flatMap((n) => {
              const p = principals.get(n);
              return p ? [`user ${n} type ${p.type} sid ${p.sid}`] : [];
            }),
            ...[...grants].filter((g) => names.some((n) => g.endsWith(` to ${n}`))),
          ].map((line) => ({ line })),
        );
      }
      if (text.startsWith('SELECT p.type')) {
        const p = principals.get(inputs.name ?? '');
        return rows(p ? [p] : []);
      }
      const bySid = /^CREATE USER \[([^\]]+)\] WITH SID = 0x([0-9A-F]{32}), TYPE = E$/.exec(text);
      if (bySid) {
        if (refuseSid) throw new Error("Incorrect syntax near 'SID'.");
        principals.set(bySid[1]!, { type: 'E', sid: guidOfSid(bySid[2]!) });
        return rows([]);
      }
      const create =
        /^CREATE USER \[([^\]]+)\] FROM EXTERNAL PROVIDER WITH OBJECT_ID = '([^']+)'$/.exec(text);
      if (create) {
        principals.set(create[1]!, { type: 'E', sid: resolve(create[2]!) });
        return rows([]);
      }
      const drop = /^DROP USER \[([^\]]+)\]$/.exec(text);
      if (drop) {
        principals.delete(drop[1]!);
        for (const g of grants) if (g.endsWith(` to ${drop[1]!}`)) grants.delete(g);
        return rows([]);
      }
      const grant =
        /^(GRANT|REVOKE) ([A-Z, ]+) ON OBJECT::dbo\.\[access_log\] (?:TO|FROM) \[([^\]]+)\]$/.exec(
          text,
        );
      if (grant) {
        for (const permission of grant[2]!.split(', ')) {
          const line = `grant ${permission} on dbo.access_log to ${grant[3]!}`;
          if (grant[1] === 'GRANT') grants.add(line);
          else grants.delete(line);
        }
        return rows([]);
      }
      throw new Error(`the fake database does not know: ${text}`);
    },
    close: () => Promise.resolve(),
  };
  return { runner, principals, grants, sent };
}

/** What `CAST(sid AS uniqueidentifier)` reads back from a SID's 16 bytes. */
function guidOfSid(hex: string): string {
  const b = hex.toLowerCase().match(/../g) ?? [];
  const at = (...i: number[]) => i.map((n) => b[n]).join('');
  return `${at(3, 2, 1, 0)}-${at(5, 4)}-${at(7, 6)}-${at(8, 9)}-${at(10, 11, 12, 13, 14, 15)}`;
}

const byObjectId = (objectId: string) =>
  [API, DASHBOARD].find((u) => u.objectId === objectId)?.clientId ??
  'ffffffff-0000-4000-8000-000000000000';

describe('the migration on Azure SQL', () => {
  test('creates each user from its client id as SID, asking Entra nothing, and grants exactly its permissions', async () => {
    const db = fakeDatabase(byObjectId);
    const report = await migrate(
      azureSqlTarget(db.runner, 'Azure SQL x'),
      [API, DASHBOARD],
      () => {},
    );
    assert.ok(
      db.sent.includes(
        `CREATE USER [id-contoso-prod-app] WITH SID = ${sidOfClientId(API.clientId!)}, TYPE = E`,
      ),
    );
    assert.ok(!db.sent.some((s) => s.includes('EXTERNAL PROVIDER')), 'no Entra lookup');
    assert.ok(
      db.sent.includes('GRANT SELECT, INSERT ON OBJECT::dbo.[access_log] TO [id-contoso-prod-app]'),
    );
    assert.ok(
      db.sent.includes(
        'REVOKE INSERT, UPDATE, DELETE, REFERENCES ON OBJECT::dbo.[access_log] FROM [id-contoso-prod-dashboard]',
      ),
    );
    assert.deepEqual(report.changes, [
      '+ grant INSERT on dbo.access_log to id-contoso-prod-app',
      '+ grant SELECT on dbo.access_log to id-contoso-prod-app',
      '+ grant SELECT on dbo.access_log to id-contoso-prod-dashboard',
      '+ table dbo.access_log',
      `+ user id-contoso-prod-app type E sid ${API.clientId!}`,
      `+ user id-contoso-prod-dashboard type E sid ${DASHBOARD.clientId!}`,
    ]);
  });

  test("keeps a user whose SID is the identity's client id: a second run creates and drops nothing", async () => {
    const db = fakeDatabase(byObjectId);
    const target = azureSqlTarget(db.runner, 'Azure SQL x');
    await migrate(target, [API, DASHBOARD], () => {});
    db.sent.length = 0;
    const second = await migrate(target, [API, DASHBOARD], () => {});
    assert.deepEqual(second.changes, []);
    assert.deepEqual(
      db.sent.filter((s) => /^(CREATE|DROP) USER/.test(s)),
      [],
    );
  });

  test("drops and creates again a user whose SID is another principal's (the identity was recreated)", async () => {
    const db = fakeDatabase(byObjectId);
    db.principals.set(API.name, { type: 'E', sid: 'dddddddd-0000-4000-8000-000000000000' });
    const logged: string[] = [];
    const report = await migrate(azureSqlTarget(db.runner, 'Azure SQL x'), [API], (l) =>
      logged.push(l),
    );
    assert.ok(
      db.sent.indexOf('DROP USER [id-contoso-prod-app]') <
        db.sent.findIndex((s) => s.startsWith('CREATE USER')),
    );
    assert.ok(
      report.changes.includes(
        '- user id-contoso-prod-app type E sid dddddddd-0000-4000-8000-000000000000',
      ),
    );
    assert.ok(report.changes.includes(`+ user id-contoso-prod-app type E sid ${API.clientId!}`));
    assert.match(
      logged.join('\n'),
      /dropping user \[id-contoso-prod-app\]: its SID dddddddd-.* is not the identity's client id/,
    );
  });

  test('leaves a same-named user that is not from Entra alone, and fails naming it', async () => {
    const db = fakeDatabase(byObjectId);
    db.principals.set(API.name, { type: 'S', sid: '01010101-0000-4000-8000-000000000000' });
    await assert.rejects(
      migrate(azureSqlTarget(db.runner, 'Azure SQL x'), [API], () => {}),
      /a database user \[id-contoso-prod-app\] exists and is not a Microsoft Entra principal \(type S\)/,
    );
    assert.ok(!db.sent.some((s) => s.startsWith('DROP') || s.startsWith('CREATE USER')));
  });

  test('writes the SID in the byte order Azure SQL reads a uniqueidentifier back in', () => {
    // .NET's Guid.ToByteArray order: the first three groups little-endian, the rest as written.
    assert.equal(
      sidOfClientId('00112233-4455-6677-8899-aabbccddeeff'),
      '0x33221100554477668899AABBCCDDEEFF',
    );
    assert.throws(() => sidOfClientId('not-a-guid'), /is not a GUID/);
  });

  test('falls back to FROM EXTERNAL PROVIDER WITH OBJECT_ID when Azure SQL refuses the SID form', async () => {
    const db = fakeDatabase(byObjectId, { refuseSid: true });
    const logged: string[] = [];
    const report = await migrate(azureSqlTarget(db.runner, 'Azure SQL x'), [API], (l) =>
      logged.push(l),
    );
    assert.ok(
      db.sent.includes(
        `CREATE USER [id-contoso-prod-app] FROM EXTERNAL PROVIDER WITH OBJECT_ID = '${API.objectId!}'`,
      ),
    );
    assert.match(logged.join('\n'), /WITH SID refused \(Incorrect syntax near 'SID'\.\)/);
    assert.ok(report.changes.includes(`+ user id-contoso-prod-app type E sid ${API.clientId!}`));
  });

  test("fails when Azure SQL stores another SID than the client id: the object id was another principal's", async () => {
    const db = fakeDatabase(() => 'eeeeeeee-0000-4000-8000-000000000000', { refuseSid: true });
    await assert.rejects(
      migrate(azureSqlTarget(db.runner, 'Azure SQL x'), [API], () => {}),
      /created \[id-contoso-prod-app\] with SID eeeeeeee-.*, not the identity's client id c1c1c1c1-.*: object id 0b0b0b0b-.* is another principal's/,
    );
  });

  test('says what to do when Azure SQL cannot look the identity up in Entra', async () => {
    const db = fakeDatabase(
      () => {
        throw new Error(
          "Principal 'id-contoso-prod-app' could not be resolved. Error message: 'Server identity does not have the Microsoft Entra Directory Readers permission.'",
        );
      },
      { refuseSid: true },
    );
    await assert.rejects(
      migrate(azureSqlTarget(db.runner, 'Azure SQL x'), [API], () => {}),
      /CREATE USER \[id-contoso-prod-app\] failed: Principal .* could not be resolved.*Directory Readers role, which a Privileged Role Administrator grants/s,
    );
    assert.equal(
      createUserFailure('x', new Error('Login timeout')),
      'CREATE USER [x] failed: Login timeout.',
    );
  });
});

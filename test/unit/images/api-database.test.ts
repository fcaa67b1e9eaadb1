import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { parsePrivateZones } from '../../../images/api/src/private-zones.js';
import {
  azureSqlPoolConfig,
  openAzureSqlDatabase,
} from '../../../images/shared/database/azure-sql.js';
import { readDatabaseSettings } from '../../../images/shared/database/settings.js';
import { staticToken } from '../../../src/azure/connection.js';

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('workload database settings', () => {
  test('reads Azure SQL from SQL_SERVER_FQDN alone, as the plan has always set it', () => {
    assert.deepEqual(
      readDatabaseSettings({ SQL_SERVER_FQDN: 'sql-contoso.database.windows.net' }),
      {
        ok: true,
        settings: {
          engine: 'azuresql',
          server: 'sql-contoso.database.windows.net',
          database: 'appdb',
          port: 1433,
        },
      },
    );
  });

  test('reads PostgreSQL with a source address', () => {
    const result = readDatabaseSettings({
      DATABASE_ENGINE: 'postgres',
      PGHOST: '127.0.0.1',
      PGPORT: '55432',
      PGDATABASE: 'appdb',
      PGUSER: 'api',
      DATABASE_SOURCE_ADDRESS: '127.0.0.2',
    });
    assert.deepEqual(result, {
      ok: true,
      settings: {
        engine: 'postgres',
        host: '127.0.0.1',
        port: 55432,
        database: 'appdb',
        user: 'api',
        sourceAddress: '127.0.0.2',
      },
    });
  });

  test('means no database when no engine and no server is set', () => {
    assert.deepEqual(readDatabaseSettings({}), { ok: true, settings: undefined });
  });

  test('refuses a password in the environment, a bad source address and an unknown engine', () => {
    assert.deepEqual(
      readDatabaseSettings({
        DATABASE_ENGINE: 'postgres',
        PGUSER: 'api',
        PGPASSWORD: 'x',
        DATABASE_SOURCE_ADDRESS: 'eth0',
        PGPORT: '99999',
      }),
      {
        ok: false,
        problems: [
          'PGPASSWORD must not be set: put the password in the file PGPASSFILE names',
          'DATABASE_SOURCE_ADDRESS must be an IP address, got "eth0"',
          'PGPORT must be a TCP port number, got "99999"',
        ],
      },
    );
    assert.deepEqual(readDatabaseSettings({ DATABASE_ENGINE: 'mysql' }), {
      ok: false,
      problems: ['DATABASE_ENGINE must be one of azuresql, postgres, got "mysql"'],
    });
    assert.deepEqual(readDatabaseSettings({ DATABASE_ENGINE: 'azuresql' }), {
      ok: false,
      problems: ['SQL_SERVER_FQDN is required for DATABASE_ENGINE azuresql'],
    });
  });

  test('reads PRIVATE_DNS_ZONES as normalized zone names and names a malformed one', () => {
    assert.deepEqual(parsePrivateZones(' privatelink.database.windows.net, Contoso.internal. ,'), {
      zones: ['privatelink.database.windows.net', 'contoso.internal'],
      problems: [],
    });
    assert.deepEqual(parsePrivateZones('contoso..internal'), {
      zones: [],
      problems: ['PRIVATE_DNS_ZONES: "contoso..internal" is not a DNS zone name'],
    });
    assert.deepEqual(parsePrivateZones(undefined), { zones: [], problems: [] });
  });
});

describe('Azure SQL engine', () => {
  const settings = {
    engine: 'azuresql',
    server: 'sql-contoso.database.windows.net',
    database: 'appdb',
    port: 1433,
  } as const;

  test('encrypts, checks the server certificate and signs in with the managed identity', () => {
    const credential = staticToken('not-used');
    const config = azureSqlPoolConfig(settings, { credential });
    assert.equal(config.options?.encrypt, true);
    assert.equal(config.options?.trustServerCertificate, false);
    assert.deepEqual(config.authentication, {
      type: 'token-credential',
      options: { credential },
    });
    assert.equal(config.user, undefined);
    assert.equal(config.password, undefined);
    assert.ok((config.pool?.max ?? 0) > 1, 'pooled');
  });

  test('rejects with the server and database named when SQL cannot be reached', async () => {
    const database = openAzureSqlDatabase(
      { ...settings, server: '127.0.0.1', port: await closedPort() },
      { credential: staticToken('not-used') },
    );
    try {
      await assert.rejects(
        database.version(),
        /^Error: SQL 127\.0\.0\.1\/appdb: Failed to connect to 127\.0\.0\.1:\d+/,
      );
    } finally {
      await database.close();
    }
  });
});

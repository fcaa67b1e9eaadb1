import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  API_VERSION,
  createApiApp,
  type ApiAppInput,
  type Instance,
} from '../../../images/api/src/app.js';
import type { WorkloadDatabase } from '../../../images/shared/database/workload-database.js';

const instance: Instance = {
  containerGroup: 'ci-contoso-app-1',
  hostname: 'SandboxHost-1',
  privateIp: '192.168.1.4',
};

/** A database that answers like one, each method replaceable. */
function fakeDatabase(overrides: Partial<WorkloadDatabase> = {}): WorkloadDatabase {
  return {
    version: () => Promise.resolve('Microsoft SQL Azure (RTM) - 12.0.2000.8'),
    sourceIp: () => Promise.resolve('192.168.1.4'),
    recordAccess: (containerGroup) =>
      Promise.resolve({
        sourceIp: '192.168.1.4',
        containerGroup,
        at: new Date('2026-11-30T10:00:00.123Z'),
      }),
    accessCounts: () => Promise.resolve([]),
    close: () => Promise.resolve(),
    ...overrides,
  };
}

function api(overrides: Partial<ApiAppInput> = {}) {
  const app = createApiApp({
    instance: () => instance,
    database: fakeDatabase(),
    privateZones: ['privatelink.database.windows.net'],
    resolveIpv4: () => Promise.resolve(['192.168.3.4']),
    ...overrides,
  });
  return (path: string, init: RequestInit = {}) =>
    app.fetch(new Request(`http://api${path}`, init));
}

describe('api image: the original sample endpoints', () => {
  test('answers the health probe with the original shape and this API version', async () => {
    const response = await api()('/api/healthcheck');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await response.json(), { health: 'OK', version: API_VERSION });
  });

  test('answers the health probe without touching the database', async () => {
    let calls = 0;
    const counting = () => {
      calls += 1;
      return Promise.reject(new Error('login failed'));
    };
    const database = fakeDatabase({ version: counting, sourceIp: counting });
    assert.equal((await api({ database })('/api/healthcheck')).status, 200);
    assert.equal(calls, 0);
  });

  test('answers /api/sqlversion with the version in sql_output', async () => {
    const response = await api()('/api/sqlversion');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      sql_output: 'Microsoft SQL Azure (RTM) - 12.0.2000.8',
    });
  });

  test('answers /api/sqlsrcip with the address the database saw', async () => {
    const database = fakeDatabase({ sourceIp: () => Promise.resolve('192.168.1.5') });
    const response = await api({ database })('/api/sqlsrcip');
    assert.deepEqual(await response.json(), { sql_output: '192.168.1.5' });
  });

  test('records an access for this container group on /api/sqlsrciplog', async () => {
    const groups: string[] = [];
    const database = fakeDatabase({
      recordAccess: (containerGroup) => {
        groups.push(containerGroup);
        return Promise.resolve({
          sourceIp: '192.168.1.4',
          containerGroup,
          at: new Date('2026-11-30T10:00:00.123Z'),
        });
      },
    });
    const response = await api({ database })('/api/sqlsrciplog');
    assert.equal(response.status, 200);
    assert.deepEqual(groups, ['ci-contoso-app-1']);
    assert.deepEqual(await response.json(), {
      srciplog: {
        ip: '192.168.1.4',
        timestamp: '2026-11-30T10:00:00.123Z',
        container_group: 'ci-contoso-app-1',
      },
    });
  });

  test('records the host name as the group when CONTAINER_GROUP_NAME is not set', async () => {
    const groups: string[] = [];
    const database = fakeDatabase({
      recordAccess: (containerGroup) => {
        groups.push(containerGroup);
        return Promise.resolve({ sourceIp: '127.0.0.2', containerGroup, at: new Date(0) });
      },
    });
    await api({ database, instance: () => ({ ...instance, containerGroup: null }) })(
      '/api/sqlsrciplog',
    );
    assert.deepEqual(groups, ['SandboxHost-1']);
  });

  test('answers /api/ip with the group, its private IP and the forwarding headers', async () => {
    const response = await api()('/api/ip', {
      headers: { 'x-forwarded-for': '203.0.113.9, 192.168.0.10', host: 'www.contoso.com' },
    });
    assert.deepEqual(await response.json(), {
      container_group: 'ci-contoso-app-1',
      hostname: 'SandboxHost-1',
      my_private_ip: '192.168.1.4',
      'x-forwarded-for': '203.0.113.9, 192.168.0.10',
      host: 'www.contoso.com',
      path_accessed: 'www.contoso.com/api/ip',
    });
  });

  test('answers JSON 404 for unknown paths, including the endpoints left out', async () => {
    for (const path of ['/api/sql', '/api/printenv', '/api/curl', '/api/constructor', '/']) {
      const response = await api()(path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(await response.json(), { error: 'not found', path });
    }
  });

  test('refuses writes with 405', async () => {
    assert.equal((await api()('/api/sqlsrciplog', { method: 'POST' })).status, 405);
  });
});

describe('api image: database failures', () => {
  test('answers 503 with a generic body and logs the reason', async () => {
    const lines: string[] = [];
    const reason = 'PostgreSQL 127.0.0.1:5432/appdb: permission denied for table access_log';
    const failing = () => Promise.reject(new Error(reason));
    const database = fakeDatabase({ version: failing, sourceIp: failing, recordAccess: failing });
    const get = api({ database, log: (line) => lines.push(line) });
    for (const path of ['/api/sqlversion', '/api/sqlsrcip', '/api/sqlsrciplog']) {
      const response = await get(path);
      assert.equal(response.status, 503, path);
      assert.deepEqual(await response.json(), { error: 'database unavailable' }, path);
    }
    assert.deepEqual(lines, [
      `api: /api/sqlversion failed: ${reason}`,
      `api: /api/sqlsrcip failed: ${reason}`,
      `api: /api/sqlsrciplog failed: ${reason}`,
    ]);
  });

  test('answers 503 when no database is configured, and says why in the log', async () => {
    const lines: string[] = [];
    const get = api({ database: undefined, log: (line) => lines.push(line) });
    const response = await get('/api/sqlsrcip');
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { error: 'database unavailable' });
    assert.deepEqual(lines, ['api: /api/sqlsrcip: no database configured (set DATABASE_ENGINE)']);
  });
});

describe('api image: /api/dns', () => {
  function recordingResolver(answer: () => Promise<string[]>) {
    const asked: string[] = [];
    return {
      asked,
      resolveIpv4: (name: string) => {
        asked.push(name);
        return answer();
      },
    };
  }

  test('resolves a name inside a private zone, in the original shape', async () => {
    const dns = recordingResolver(() => Promise.resolve(['192.168.3.4']));
    const response = await api({ resolveIpv4: dns.resolveIpv4 })(
      '/api/dns?fqdn=SQL-Contoso.privatelink.database.windows.net.',
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      fqdn: 'sql-contoso.privatelink.database.windows.net',
      ip: '192.168.3.4',
    });
    assert.deepEqual(dns.asked, ['sql-contoso.privatelink.database.windows.net']);
  });

  test('refuses names outside the private zones with 400 and sends no DNS query', async () => {
    const dns = recordingResolver(() => Promise.resolve(['192.0.2.1']));
    const get = api({ resolveIpv4: dns.resolveIpv4 });
    for (const fqdn of [
      'www.contoso.com',
      'privatelink.database.windows.net.contoso.com',
      'xprivatelink.database.windows.net',
      'database.windows.net',
      '127.0.0.1',
      'a..privatelink.database.windows.net',
      `${'a'.repeat(64)}.privatelink.database.windows.net`,
    ]) {
      const response = await get(`/api/dns?fqdn=${encodeURIComponent(fqdn)}`);
      assert.equal(response.status, 400, fqdn);
      assert.deepEqual(await response.json(), {
        error: "fqdn must be a name in one of the environment's private DNS zones",
      });
    }
    assert.equal((await get('/api/dns')).status, 400);
    assert.deepEqual(dns.asked, []);
  });

  test('refuses every name when the environment names no private zone', async () => {
    const dns = recordingResolver(() => Promise.resolve(['192.168.3.4']));
    const response = await api({ privateZones: [], resolveIpv4: dns.resolveIpv4 })(
      '/api/dns?fqdn=sql-contoso.privatelink.database.windows.net',
    );
    assert.equal(response.status, 400);
    assert.deepEqual(dns.asked, []);
  });

  test('answers 404 with ip null when the name has no A record', async () => {
    const notFound = Object.assign(new Error('queryA ENOTFOUND'), { code: 'ENOTFOUND' });
    const response = await api({ resolveIpv4: () => Promise.reject(notFound) })(
      '/api/dns?fqdn=gone.privatelink.database.windows.net',
    );
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      fqdn: 'gone.privatelink.database.windows.net',
      ip: null,
    });
  });

  test('answers 503 with a generic body when DNS fails, and logs the reason', async () => {
    const lines: string[] = [];
    const timeout = Object.assign(new Error('queryA ETIMEOUT'), { code: 'ETIMEOUT' });
    const response = await api({
      resolveIpv4: () => Promise.reject(timeout),
      log: (line) => lines.push(line),
    })('/api/dns?fqdn=sql.privatelink.database.windows.net');
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { error: 'DNS unavailable' });
    assert.deepEqual(lines, [
      'api: /api/dns sql.privatelink.database.windows.net failed: queryA ETIMEOUT',
    ]);
  });
});

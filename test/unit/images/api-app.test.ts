import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiApp, type ApiAppInput, type InstanceInfo } from '../../../images/api/src/app.js';

const info: InstanceInfo = {
  group: 'ci-contoso-app-1',
  hostname: 'SandboxHost-1',
  ip: '192.168.1.4',
  database: { server: 'sql-contoso.database.windows.net', name: 'appdb' },
};

function api(overrides: Partial<ApiAppInput> = {}) {
  const app = createApiApp({ info: () => info, ...overrides });
  return (path: string, method = 'GET') => app.fetch(new Request(`http://api${path}`, { method }));
}

describe('api image', () => {
  test('answers the gateway health probe with 200 and status ok', async () => {
    const response = await api()('/api/healthcheck');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('keeps answering the health probe when the database is down', async () => {
    const get = api({ probeDatabase: () => Promise.reject(new Error('login failed')) });
    assert.equal((await get('/api/healthcheck')).status, 200);
  });

  test('says which group, host and IP answered and which database is configured', async () => {
    assert.deepEqual(await (await api()('/api/info')).json(), info);
  });

  test('reports the database name and server time when the database answers', async () => {
    const get = api({
      probeDatabase: () =>
        Promise.resolve({ database: 'appdb', serverTime: '2026-11-26T10:00:00.0000000' }),
    });
    const response = await get('/api/db');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      status: 'ok',
      database: 'appdb',
      serverTime: '2026-11-26T10:00:00.0000000',
    });
  });

  test('answers 503 with the reason when the database cannot be reached, and logs it', async () => {
    const lines: string[] = [];
    const get = api({
      probeDatabase: () => Promise.reject(new Error('SQL s/appdb: connection timeout')),
      log: (line) => lines.push(line),
    });
    const response = await get('/api/db');
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), {
      status: 'error',
      message: 'SQL s/appdb: connection timeout',
    });
    assert.deepEqual(lines, ['api: database probe failed: SQL s/appdb: connection timeout']);
  });

  test('answers 503 unconfigured for /api/db when no SQL server is set', async () => {
    const response = await api()('/api/db');
    assert.equal(response.status, 503);
    assert.equal(((await response.json()) as { status: string }).status, 'unconfigured');
  });

  test('answers JSON 404 for unknown paths, including object property names', async () => {
    for (const path of ['/api/nope', '/api/constructor', '/__proto__', '/']) {
      const response = await api()(path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(await response.json(), { error: 'not found', path });
    }
  });

  test('refuses writes with 405', async () => {
    assert.equal((await api()('/api/info', 'DELETE')).status, 405);
  });
});

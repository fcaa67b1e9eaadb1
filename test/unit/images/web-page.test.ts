import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { API_VERSION, createApiApp } from '../../../images/api/src/app.js';
import type { WorkloadDatabase } from '../../../images/shared/database/workload-database.js';
import { boundPort, serve } from '../../../images/shared/serve.js';
import { forwardedOf, httpApiClient } from '../../../images/web/src/api-client.js';
import { contentTypeOf, createWebApp, type HomePage } from '../../../images/web/src/app.js';
import { renderHomePage } from '../../../images/web/src/page.js';
import { visit } from '../../../images/web/src/visit.js';

const GROUP = 'ci-contoso-app-2';
const VERSION =
  'Microsoft SQL Azure (RTM) - 12.0.2000.8\n\tCopyright (C) 2022 Microsoft Corporation';

/** What the fake API answers per path: status and JSON body, in the shapes of images/api. */
type Answers = Record<string, [number, unknown]>;

const HEALTHY: Answers = {
  '/api/healthcheck': [200, { health: 'OK', version: '2.0' }],
  '/api/sqlversion': [200, { sql_output: VERSION }],
  '/api/sqlsrciplog': [
    200,
    {
      srciplog: {
        ip: '192.168.1.5',
        timestamp: '2026-11-30T10:00:00.000Z',
        container_group: GROUP,
      },
    },
  ],
  '/api/ip': [
    200,
    {
      container_group: GROUP,
      hostname: 'SandboxHost-638',
      my_private_ip: '192.168.1.5',
      'x-forwarded-for': '198.51.100.7, 192.168.0.4',
      host: 'app.contoso.example',
      path_accessed: 'app.contoso.example/api/ip',
    },
  ],
};

/** A fake api container on 127.0.0.1 that records what it was asked. */
function fakeApi() {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let answers: Answers = HEALTHY;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://api').pathname;
    seen.push({ path, headers: req.headers });
    const [status, body] = answers[path] ?? [404, { error: 'not found' }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return {
    server,
    seen,
    answer: (next: Answers) => (answers = next),
    hits: (path: string) => seen.filter((s) => s.path === path).length,
  };
}

function webApp(apiPort: number, containerGroup: string | null = GROUP, timeoutMs = 5_000) {
  const api = httpApiClient(new URL(`http://127.0.0.1:${apiPort}`), { timeoutMs });
  const home: HomePage = async (request) =>
    renderHomePage(await visit(api, forwardedOf(request)), { containerGroup });
  const files = new Map([['/style.css', { body: 'body{}', contentType: contentTypeOf('a.css') }]]);
  return createWebApp(files, home);
}

const visitor = (method = 'GET', path = '/') =>
  new Request(`http://app.contoso.example${path}`, {
    method,
    headers: { 'x-forwarded-for': '198.51.100.7, 192.168.0.4' },
  });

/** The text of the `<dd>` after the `<dt>` named `term`. */
function shown(html: string, term: string): string {
  const match = new RegExp(`<dt>${term}</dt>\\n<dd[^>]*>(.*?)</dd>`, 's').exec(html);
  assert.ok(match, `no ${term} on the page`);
  return match[1]!.replace(/<[^>]+>/g, '');
}

describe('web page', () => {
  const api = fakeApi();
  let port = 0;
  before(async () => {
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    port = boundPort(api.server);
  });
  beforeEach(() => {
    api.seen.length = 0;
    api.answer(HEALTHY);
  });
  after(() => api.server.close());

  test('shows the group that served it, the source IP the database saw and its version', async () => {
    const response = await webApp(port).fetch(visitor());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await response.text();
    assert.equal(shown(html, 'Container group'), GROUP);
    assert.equal(shown(html, 'Source IP the database saw'), '192.168.1.5');
    assert.equal(shown(html, 'Database version'), VERSION);
    assert.equal(shown(html, 'Private IP'), '192.168.1.5');
    assert.equal(shown(html, 'Access recorded at'), '2026-11-30T10:00:00.000Z');
    assert.equal(shown(html, 'API health'), 'OK (API 2.0)');
  });

  test('asks the API in its group server-side, each endpoint once per visit', async () => {
    await (await webApp(port).fetch(visitor())).text();
    assert.deepEqual(api.seen.map((s) => s.path).sort(), [
      '/api/healthcheck',
      '/api/ip',
      '/api/sqlsrciplog',
      '/api/sqlversion',
    ]);
  });

  test('records one access per visit, and none for HEAD, static files or its liveness check', async () => {
    const web = webApp(port);
    for (let i = 0; i < 3; i++) await (await web.fetch(visitor())).text();
    assert.equal(api.hits('/api/sqlsrciplog'), 3);
    const head = await web.fetch(visitor('HEAD'));
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    await web.fetch(visitor('GET', '/style.css'));
    await web.fetch(visitor('GET', '/healthz'));
    assert.equal(api.hits('/api/sqlsrciplog'), 3);
    assert.equal(api.seen.length, 12, 'HEAD and the other paths asked the API nothing');
  });

  test('is never cached, since every visit records an access', async () => {
    const response = await webApp(port).fetch(visitor());
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.doesNotMatch(await response.text(), /<script/);
  });

  test("passes the visitor's Host and X-Forwarded-For to the API, and shows what /api/ip saw", async () => {
    const html = await (await webApp(port).fetch(visitor())).text();
    for (const { headers } of api.seen) {
      assert.equal(headers.host, 'app.contoso.example');
      assert.equal(headers['x-forwarded-for'], '198.51.100.7, 192.168.0.4');
    }
    assert.equal(shown(html, 'Request X-Forwarded-For'), '198.51.100.7, 192.168.0.4');
    assert.equal(shown(html, 'Request Host'), 'app.contoso.example');
  });

  test('still serves the page when the database is down, saying why each value is missing', async () => {
    const down: [number, unknown] = [503, { error: 'database unavailable' }];
    api.answer({ ...HEALTHY, '/api/sqlversion': down, '/api/sqlsrciplog': down });
    const response = await webApp(port).fetch(visitor());
    assert.equal(response.status, 200);
    const html = await response.text();
    const why = 'unavailable: HTTP 503: database unavailable';
    assert.equal(shown(html, 'Source IP the database saw'), why);
    assert.equal(shown(html, 'Database version'), why);
    assert.equal(shown(html, 'API health'), 'OK (API 2.0)');
    assert.equal(shown(html, 'Container group'), GROUP);
  });

  test('says the API is unreachable when nothing listens, and names answers it cannot read', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = boundPort(closed);
    await new Promise((resolve) => closed.close(resolve));
    const html = await (await webApp(closedPort).fetch(visitor())).text();
    assert.equal(shown(html, 'API health'), 'unavailable: unreachable (ECONNREFUSED)');
    api.answer({ ...HEALTHY, '/api/sqlversion': [200, { rows: [] }] });
    const odd = await (await webApp(port).fetch(visitor())).text();
    assert.equal(shown(odd, 'Database version'), 'unavailable: the answer has an unexpected shape');
  });

  test('gives up on an API that does not answer within the timeout', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const web = webApp(boundPort(silent), GROUP, 20);
      const html = await (await web.fetch(visitor())).text();
      assert.equal(shown(html, 'API health'), 'unavailable: no answer within 0.02 s');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('escapes what the API says', async () => {
    api.answer({
      ...HEALTHY,
      '/api/sqlversion': [200, { sql_output: '<script>alert(1)</script>' }],
    });
    const html = await (await webApp(port).fetch(visitor())).text();
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('falls back to the group the API reports, and says so when neither knows', async () => {
    const html = await (await webApp(port, null).fetch(visitor())).text();
    assert.equal(shown(html, 'Container group'), GROUP);
    api.answer({ ...HEALTHY, '/api/ip': [200, { hostname: 'h' }] });
    const unknown = await (await webApp(port, null).fetch(visitor())).text();
    assert.equal(shown(unknown, 'Container group'), 'unavailable: CONTAINER_GROUP_NAME is not set');
  });

  test('links the API endpoints through the sidecar, as the original page did', async () => {
    const html = await (await webApp(port).fetch(visitor())).text();
    for (const path of ['/api/healthcheck', '/api/sqlversion', '/api/sqlsrcip', '/api/ip'])
      assert.match(html, new RegExp(`<a href="${path}">`));
  });
});

/** An in-memory database with the interface the api uses: what it records, it counts. */
function memoryDatabase(sourceIp: string): WorkloadDatabase & { recorded: string[] } {
  const recorded: string[] = [];
  return {
    recorded,
    version: () => Promise.resolve('PostgreSQL 15.14 (Debian 15.14-0+deb12u1)'),
    sourceIp: () => Promise.resolve(sourceIp),
    recordAccess: (containerGroup) => {
      recorded.push(containerGroup);
      return Promise.resolve({ sourceIp, containerGroup, at: new Date('2026-11-30T10:00:00Z') });
    },
    accessCounts: () => Promise.resolve([]),
    close: () => Promise.resolve(),
  };
}

describe('web page in front of the real api app', () => {
  test("reads the api container's answers and records the visit in its database", async () => {
    const database = memoryDatabase('127.0.0.1');
    const apiServer = await serve(
      createApiApp({
        instance: () => ({ containerGroup: GROUP, hostname: 'h', privateIp: '192.168.1.5' }),
        database,
        privateZones: [],
        resolveIpv4: () => Promise.reject(new Error('no DNS in this test')),
      }),
      { port: 0, host: '127.0.0.1', log: () => {} },
    );
    try {
      const html = await (await webApp(boundPort(apiServer)).fetch(visitor())).text();
      assert.equal(shown(html, 'Source IP the database saw'), '127.0.0.1');
      assert.equal(shown(html, 'Database version'), 'PostgreSQL 15.14 (Debian 15.14-0+deb12u1)');
      assert.equal(shown(html, 'API health'), `OK (API ${API_VERSION})`);
      assert.equal(shown(html, 'Private IP'), '192.168.1.5');
      assert.equal(shown(html, 'Request Host'), 'app.contoso.example');
      assert.deepEqual(database.recorded, [GROUP]);
    } finally {
      apiServer.close();
    }
  });
});

// The gateway's probes and the web page through real nginx, on the plan's nginx.conf: the probes
// reach the apps (the dashboard's is not answered by nginx alone, the app's opens no database
// connection), and the page a visitor gets through the sidecar records one access.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { createApiApp } from '../../images/api/src/app.js';
import type { WorkloadDatabase } from '../../images/shared/database/workload-database.js';
import { boundPort, serve } from '../../images/shared/serve.js';
import { forwardedOf, httpApiClient } from '../../images/web/src/api-client.js';
import { createWebApp } from '../../images/web/src/app.js';
import { renderHomePage } from '../../images/web/src/page.js';
import { loadStaticFiles } from '../../images/web/src/static-files.js';
import { visit } from '../../images/web/src/visit.js';
import { HEALTH_PATHS, HEALTHY_BODY } from '../../src/plan/index.js';
import {
  freePort,
  localSidecarConf,
  startLocalNginx,
  type LocalUpstreams,
} from '../support/nginx.js';
import { skipWithout } from '../support/requires.js';
import { testChain } from '../unit/images/certificates.js';

const skip = skipWithout('nginx');
const HOST = 'app.contoso.example';
const GROUP = 'ci-contoso-app-1';

interface Answer {
  status: number;
  body: string;
}

function get(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: HOST,
        ca: testChain().caPem,
        headers: { host: HOST },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function sidecar(routes: 'app' | 'dashboard', upstreams: LocalUpstreams) {
  const dir = mkdtempSync(join(tmpdir(), `avs-probes-${routes}-`));
  const tls = await freePort();
  const conf = localSidecarConf(dir, { routes, serverName: HOST, tls, upstreams });
  const nginx = await startLocalNginx(dir, conf, tls);
  return {
    nginx,
    stop: async () => {
      await nginx.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const closed = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('the dashboard group behind its sidecar', { skip }, () => {
  const seen: string[] = [];
  let dashboard: Server;
  let group: Awaited<ReturnType<typeof sidecar>>;

  before(async () => {
    // The dashboard app's liveness answer (images/dash answers /healthz the same way).
    dashboard = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    });
    await new Promise<void>((resolve) => dashboard.listen(0, '127.0.0.1', resolve));
    group = await sidecar('dashboard', { web: boundPort(dashboard) });
  });
  after(async () => {
    await group?.stop();
    dashboard?.close();
  });

  test("passes the gateway's dashboard probe to the dashboard app", async () => {
    const answer = await get(group.nginx.port, HEALTH_PATHS.dashboard);
    assert.deepEqual(answer, { status: 200, body: 'ok\n' });
    assert.deepEqual(seen, ['/healthz']);
  });

  test('fails the probe once the dashboard app is down, though nginx still runs', async () => {
    await closed(dashboard);
    const answer = await get(group.nginx.port, HEALTH_PATHS.dashboard);
    assert.equal(answer.status, 502);
  });
});

/** A database that counts what it is asked: the probe must ask it nothing. */
function countingDatabase(): WorkloadDatabase & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    version: () => (calls.push('version'), Promise.resolve('PostgreSQL 15')),
    sourceIp: () => (calls.push('sourceIp'), Promise.resolve('127.0.0.1')),
    recordAccess: (containerGroup) => {
      calls.push(`recordAccess ${containerGroup}`);
      return Promise.resolve({ sourceIp: '127.0.0.1', containerGroup, at: new Date(0) });
    },
    accessCounts: () => (calls.push('accessCounts'), Promise.resolve([])),
    close: () => Promise.resolve(),
  };
}

describe('an app group behind its sidecar', { skip }, () => {
  const database = countingDatabase();
  let api: Server;
  let web: Server;
  let group: Awaited<ReturnType<typeof sidecar>>;

  before(async () => {
    api = await serve(
      createApiApp({
        instance: () => ({ containerGroup: GROUP, hostname: 'h', privateIp: '192.168.1.4' }),
        database,
        privateZones: [],
        resolveIpv4: () => Promise.reject(new Error('no DNS in this test')),
      }),
      { port: 0, host: '127.0.0.1', log: () => {} },
    );
    const client = httpApiClient(new URL(`http://127.0.0.1:${boundPort(api)}`), {
      timeoutMs: 10_000,
    });
    const home = async (r: Request) =>
      renderHomePage(await visit(client, forwardedOf(r)), { containerGroup: GROUP });
    web = await serve(createWebApp(loadStaticFiles('images/web/public'), home), {
      port: 0,
      host: '127.0.0.1',
    });
    group = await sidecar('app', { web: boundPort(web), api: boundPort(api) });
  });
  after(async () => {
    await group?.stop();
    api?.close();
    web?.close();
  });

  test('negotiates HTTP/2 with the HTTP/2 syntax of the nginx it runs on', async () => {
    const protocol = await new Promise<string | false | null>((resolve, reject) => {
      const socket = tlsConnect({
        host: '127.0.0.1',
        port: group.nginx.port,
        servername: HOST,
        ca: testChain().caPem,
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      socket.once('secureConnect', () => (resolve(socket.alpnProtocol), socket.destroy()));
      socket.once('error', reject);
    });
    assert.equal(protocol, 'h2');
    assert.doesNotMatch(group.nginx.output(), /\[warn\].*http2/);
  });

  test('answers the app probe from the API with the text the probe matches, asking the database nothing', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await get(group.nginx.port, HEALTH_PATHS.app);
      assert.equal(answer.status, 200);
      assert.ok(answer.body.includes(HEALTHY_BODY.app), answer.body);
    }
    assert.deepEqual(database.calls, []);
  });

  test('serves the page through the sidecar, recording one access with the Host and client nginx saw', async () => {
    const answer = await get(group.nginx.port, '/');
    assert.equal(answer.status, 200);
    const dd = (term: string) =>
      new RegExp(`<dt>${term}</dt>\\n<dd[^>]*>(.*?)</dd>`, 's').exec(answer.body)?.[1];
    assert.equal(dd('Container group'), GROUP);
    assert.equal(dd('Source IP the database saw'), '127.0.0.1');
    assert.equal(dd('Request Host'), HOST);
    // nginx's X-Forwarded-For: the address of its client, this test on loopback.
    assert.equal(dd('Request X-Forwarded-For'), '127.0.0.1');
    assert.deepEqual(
      database.calls.filter((c) => c.startsWith('recordAccess')),
      [`recordAccess ${GROUP}`],
    );
  });

  test('fails the app probe once the api container is down', async () => {
    await closed(api);
    const answer = await get(group.nginx.port, HEALTH_PATHS.app);
    assert.equal(answer.status, 502);
    assert.ok(!answer.body.includes(HEALTHY_BODY.app));
  });
});

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { API_VERSION, createApiApp } from '../../images/api/src/app.js';
import { writeFileAtomic } from '../../images/shared/atomic-write.js';
import { boundPort, serve } from '../../images/shared/serve.js';
import { forwardedOf, httpApiClient } from '../../images/web/src/api-client.js';
import { createWebApp } from '../../images/web/src/app.js';
import { renderHomePage } from '../../images/web/src/page.js';
import { loadStaticFiles } from '../../images/web/src/static-files.js';
import { visit } from '../../images/web/src/visit.js';
import { renderNginxConf } from '../../src/plan/nginx.js';
import { freePort, installedHttp2Syntax, waitForPort } from '../support/nginx.js';
import { skipWithout } from '../support/requires.js';
import { assertNoSecretInAnswer } from '../support/scanned-http.js';
import { testChain } from '../unit/images/certificates.js';

const skip = skipWithout('nginx');
const HOST = 'app.contoso.example';

/**
 * The plan's nginx.conf with the group's fixed ports moved to free loopback ports, and the pid
 * file and temp paths moved into the test's folder.
 */
function localConf(dir: string, ports: { tls: number; web: number; api: number }): string {
  const conf = renderNginxConf({
    serverName: HOST,
    routes: 'app',
    certPath: join(dir, 'tls.crt'),
    keyPath: join(dir, 'tls.key'),
    // Debian's nginx may predate `http2 on;` (1.25.1): the form it reads.
    http2: installedHttp2Syntax(),
  });
  const rewritten = conf
    .replace('listen 443 ssl', `listen 127.0.0.1:${ports.tls} ssl`)
    .replace('proxy_pass http://127.0.0.1:8080;', `proxy_pass http://127.0.0.1:${ports.api};`)
    .replace('proxy_pass http://127.0.0.1:80;', `proxy_pass http://127.0.0.1:${ports.web};`)
    .replace('worker_processes auto;', 'worker_processes 1;')
    .replace(/\/tmp\/nginx/g, join(dir, 'nginx'));
  assert.notEqual(rewritten, conf);
  assert.doesNotMatch(rewritten, /listen 443|127\.0\.0\.1:(80|8080);|\/tmp\/nginx/);
  return rewritten;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('nginx sidecar in front of web and api', { skip }, () => {
  let nginx: ChildProcess;
  const servers: Server[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'avs-sidecar-'));
  const logFile = join(dir, 'nginx.log');
  let tlsPort = 0;

  before(async () => {
    const api = createApiApp({
      instance: () => ({ containerGroup: 'ci-contoso-app-1', hostname: 'h', privateIp: null }),
      privateZones: [],
      resolveIpv4: () => Promise.reject(new Error('no DNS in this test')),
    });
    const apiServer = await serve(api, { port: 0, host: '127.0.0.1' });
    // The page asks the API server-side, as in the group (test/e2e/sidecar-probes.test.ts).
    const client = httpApiClient(new URL(`http://127.0.0.1:${boundPort(apiServer)}`), {
      timeoutMs: 10_000,
    });
    const home = async (r: Request) =>
      renderHomePage(await visit(client, forwardedOf(r)), { containerGroup: 'ci-contoso-app-1' });
    const web = await serve(createWebApp(loadStaticFiles('images/web/public'), home), {
      port: 0,
      host: '127.0.0.1',
    });
    servers.push(web, apiServer);
    tlsPort = await freePort();
    const conf = localConf(dir, { tls: tlsPort, web: boundPort(web), api: boundPort(apiServer) });
    // As in the group: nginx.conf (the init container's, moved to loopback ports), the key and
    // the chain (the sidecar's, read from Key Vault: test/e2e/sidecar-reload.test.ts).
    await writeFileAtomic(dir, { name: 'nginx.conf', content: conf, mode: 0o644 });
    const chain = testChain();
    await writeFileAtomic(dir, { name: 'tls.key', content: chain.leafKeyPem, mode: 0o600 });
    await writeFileAtomic(dir, {
      name: 'tls.crt',
      content: `${chain.leafPem}${chain.caPem}`.replace(/\r/g, ''),
      mode: 0o644,
    });
    // A file, not a pipe: node's pipes are sockets, and nginx cannot open() /dev/stdout on one.
    const logFd = openSync(logFile, 'a');
    nginx = spawn(
      'nginx',
      ['-p', dir, '-e', 'stderr', '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
      { stdio: ['ignore', logFd, logFd] },
    );
    closeSync(logFd);
    await waitForPort(tlsPort, nginx, () => readFileSync(logFile, 'utf8'));
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    for (const server of servers) server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function get(path: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: tlsPort,
          path,
          servername: HOST,
          ca: testChain().caPem,
          headers: { host: HOST },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            const answer = { status: res.statusCode ?? 0, headers: res.headers, body };
            try {
              assertNoSecretInAnswer(`GET ${path}`, { ...answer, text: body });
              resolve(answer);
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  test('serves / from the web container over HTTPS with the vault certificate', async () => {
    const answer = await get('/');
    assert.equal(answer.status, 200);
    assert.match(answer.body, /<title>aci-vnet-sidecars<\/title>/);
    assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
  });

  test('serves /api/healthcheck from the api container', async () => {
    const answer = await get('/api/healthcheck');
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { health: 'OK', version: API_VERSION });
  });

  test('sends HSTS and nosniff on every answer, and hides its version', async () => {
    for (const path of ['/', '/api/ip', '/missing']) {
      const answer = await get(path);
      assert.equal(answer.headers['strict-transport-security'], 'max-age=63072000', path);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(answer.headers.server, 'nginx', path);
    }
  });

  test('answers its own /healthz without the upstreams', async () => {
    const answer = await get('/healthz');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'ok\n');
  });

  test('refuses a TLS 1.1 handshake', async () => {
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = tlsConnect({
        host: '127.0.0.1',
        port: tlsPort,
        servername: HOST,
        ca: testChain().caPem,
        minVersion: 'TLSv1.1',
        maxVersion: 'TLSv1.1',
        // OpenSSL 3 offers TLS 1.1 only at security level 0; the server must be the one to refuse.
        ciphers: 'DEFAULT@SECLEVEL=0',
      });
      socket.once('secureConnect', () => (socket.destroy(), resolve(undefined)));
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    });
    assert.ok(error, 'a TLS 1.1 handshake succeeded');
    assert.match(
      error.code ?? error.message,
      /ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|WRONG_VERSION/,
    );
  });

  test('accepts TLS 1.2 and TLS 1.3', async () => {
    for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
      const protocol = await new Promise<string | null>((resolve, reject) => {
        const socket = tlsConnect({
          host: '127.0.0.1',
          port: tlsPort,
          servername: HOST,
          ca: testChain().caPem,
          minVersion: version,
          maxVersion: version,
        });
        socket.once('secureConnect', () => (resolve(socket.getProtocol()), socket.destroy()));
        socket.once('error', reject);
      });
      assert.equal(protocol, version);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boundPort, serve } from '../../../images/shared/serve.js';
import { contentTypeOf, createWebApp, type StaticFile } from '../../../images/web/src/app.js';
import { loadStaticFiles } from '../../../images/web/src/static-files.js';

const files = new Map<string, StaticFile>([
  ['/index.html', { body: '<h1>hello</h1>', contentType: contentTypeOf('index.html') }],
  ['/app.js', { body: 'console.log(1)', contentType: contentTypeOf('app.js') }],
]);
const app = createWebApp(files);
const get = (path: string, method = 'GET') =>
  app.fetch(new Request(`http://web${path}`, { method }));

/** GET with the path sent exactly as given (node's client does not normalise it). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web image', () => {
  test('serves index.html at the root as HTML that browsers revalidate', async () => {
    const response = await get('/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(await response.text(), '<h1>hello</h1>');
  });

  test('serves other files with their content type and security headers', async () => {
    const response = await get('/app.js');
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    // nosniff and HSTS come from the nginx sidecar (test/e2e/sidecar.test.ts), not twice.
    assert.equal(response.headers.get('x-content-type-options'), null);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  });

  test('answers 404 for unknown paths and never reads outside its files', async () => {
    assert.equal((await get('/missing.html')).status, 404);
    // The request line as a client may send it, not normalised by a URL parser on the way.
    const root = mkdtempSync(join(tmpdir(), 'avs-web-'));
    mkdirSync(join(root, 'public'));
    writeFileSync(join(root, 'public', 'index.html'), '<h1>hello</h1>');
    writeFileSync(join(root, 'secret.txt'), 'outside-the-public-folder');
    const server = await serve(createWebApp(loadStaticFiles(join(root, 'public'))), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      for (const path of [
        '/../secret.txt',
        '/%2e%2e/secret.txt',
        '/..%2fsecret.txt',
        '/%2e%2e%2fsecret.txt',
        '/index.html/../../secret.txt',
        '//secret.txt',
      ]) {
        const response = await rawGet(boundPort(server), path);
        assert.equal(response.status, 404, path);
        assert.doesNotMatch(response.body, /outside-the-public-folder/, path);
      }
      assert.equal((await rawGet(boundPort(server), '/index.html')).status, 200);
    } finally {
      server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('refuses methods other than GET and HEAD, and answers HEAD without a body', async () => {
    const post = await get('/', 'POST');
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    const head = await get('/', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('answers its liveness check without any file', async () => {
    const response = await createWebApp(new Map()).fetch(new Request('http://web/healthz'));
    assert.equal(await response.text(), 'ok\n');
  });

  test('names content types by extension and falls back to octet-stream', () => {
    assert.equal(contentTypeOf('style.CSS'), 'text/css; charset=utf-8');
    assert.equal(contentTypeOf('LICENSE'), 'application/octet-stream');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentTypeOf, createWebApp, type StaticFile } from '../../../images/web/src/app.js';

const files = new Map<string, StaticFile>([
  ['/index.html', { body: '<h1>hello</h1>', contentType: contentTypeOf('index.html') }],
  ['/app.js', { body: 'console.log(1)', contentType: contentTypeOf('app.js') }],
]);
const app = createWebApp(files);
const get = (path: string, method = 'GET') =>
  app.fetch(new Request(`http://web${path}`, { method }));

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
    assert.equal((await get('/../../etc/passwd')).status, 404);
    assert.equal((await get('/%2e%2e/package.json')).status, 404);
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

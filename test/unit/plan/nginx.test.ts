import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  http2SyntaxFor,
  renderNginxConf,
  type Http2Syntax,
  type NginxConfInput,
} from '../../../src/plan/index.js';
import { installedHttp2Syntax } from '../../support/nginx.js';
import { skipWithout, toolPath } from '../../support/requires.js';

const APP: NginxConfInput = {
  serverName: 'app.contoso.example',
  routes: 'app',
  certPath: '/etc/nginx/tls/tls.crt',
  keyPath: '/etc/nginx/tls/tls.key',
};

const DASHBOARD: NginxConfInput = { ...APP, routes: 'dashboard' };

/** The whole file the app sidecar runs, byte for byte: every directive, indent and blank line. */
const APP_CONF = String.raw`# nginx.conf for app.contoso.example (app), rendered by aci-vnet-sidecars.
worker_processes auto;
pid /tmp/nginx.pid;
error_log stderr warn;

events {
    worker_connections 1024;
}

http {
    server_tokens off;
    access_log /dev/stdout;
    default_type application/octet-stream;
    client_body_temp_path /tmp/nginx-client-body;
    proxy_temp_path /tmp/nginx-proxy;
    fastcgi_temp_path /tmp/nginx-fastcgi;
    uwsgi_temp_path /tmp/nginx-uwsgi;
    scgi_temp_path /tmp/nginx-scgi;
    sendfile on;
    keepalive_timeout 65s;
    client_max_body_size 10m;

    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:TLS:10m;
    ssl_session_timeout 1d;
    ssl_session_tickets off;

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_connect_timeout 5s;
    proxy_send_timeout 60s;
    proxy_read_timeout 60s;

    server {
        listen 443 ssl default_server;
        http2 on;
        server_name app.contoso.example;
        ssl_certificate /etc/nginx/tls/tls.crt;
        ssl_certificate_key /etc/nginx/tls/tls.key;
        add_header Strict-Transport-Security "max-age=63072000" always;
        add_header X-Content-Type-Options nosniff always;

        location = /healthz {
            access_log off;
            default_type text/plain;
            return 200 "ok\n";
        }

        location /api/ {
            proxy_pass http://127.0.0.1:8080;
        }

        location / {
            proxy_pass http://127.0.0.1:80;
        }
    }
}
`;

const API_ROUTE = [
  '        location /api/ {',
  '            proxy_pass http://127.0.0.1:8080;',
  '        }',
  '',
  '',
].join('\n');

const OWN_HEALTHZ = [
  '            default_type text/plain;',
  '            return 200 "ok\\n";',
  '',
].join('\n');

function has(conf: string, line: string): boolean {
  return conf.split('\n').some((l) => l.trim() === line);
}

describe('nginx.conf', () => {
  test('renders the whole configuration the app sidecar runs, with blank lines left empty', () => {
    assert.equal(renderNginxConf(APP), APP_CONF);
  });

  test('renders the same configuration for the dashboard, without the API route and with /healthz from the app', () => {
    const expected = APP_CONF.replace('(app)', '(dashboard)')
      .replace(API_ROUTE, '')
      .replace(OWN_HEALTHZ, '            proxy_pass http://127.0.0.1:80;\n');
    assert.notEqual(expected, APP_CONF.replace('(app)', '(dashboard)').replace(API_ROUTE, ''));
    assert.equal(renderNginxConf(DASHBOARD), expected);
  });

  test('allows TLS 1.2 and 1.3 only, with forward-secret AEAD suites', () => {
    const conf = renderNginxConf(APP);
    assert.ok(has(conf, 'ssl_protocols TLSv1.2 TLSv1.3;'));
    const ciphers = /ssl_ciphers ([^;]+);/.exec(conf)![1]!.split(':');
    assert.ok(ciphers.length > 0);
    for (const c of ciphers)
      assert.match(c, /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
    assert.ok(has(conf, 'ssl_prefer_server_ciphers off;'));
    assert.ok(has(conf, 'ssl_session_tickets off;'));
  });

  test('terminates TLS on 443 with HTTP/2, the given certificate and HSTS', () => {
    const conf = renderNginxConf(APP);
    assert.ok(has(conf, 'listen 443 ssl default_server;'));
    assert.ok(has(conf, 'http2 on;'));
    assert.ok(has(conf, 'server_name app.contoso.example;'));
    assert.ok(has(conf, 'ssl_certificate /etc/nginx/tls/tls.crt;'));
    assert.ok(has(conf, 'ssl_certificate_key /etc/nginx/tls/tls.key;'));
    assert.ok(has(conf, 'add_header Strict-Transport-Security "max-age=63072000" always;'));
    assert.ok(has(conf, 'server_tokens off;'));
  });

  test('proxies / to web and /api/ to the API over loopback, with forwarding headers', () => {
    const conf = renderNginxConf(APP);
    assert.match(conf, /location \/api\/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:8080;/);
    assert.match(conf, /location \/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:80;/);
    for (const line of [
      'proxy_set_header Host $host;',
      'proxy_set_header X-Real-IP $remote_addr;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_connect_timeout 5s;',
      'proxy_read_timeout 60s;',
      'client_max_body_size 10m;',
    ]) {
      assert.ok(has(conf, line), line);
    }
  });

  test('answers /healthz itself in an app group, without the upstreams', () => {
    assert.match(
      renderNginxConf(APP),
      /location = \/healthz \{\s+access_log off;\s+default_type text\/plain;\s+return 200 "ok\\n";\s+\}/,
    );
  });

  test("passes the dashboard's /healthz, the gateway's probe path, to the dashboard app", () => {
    const conf = renderNginxConf(DASHBOARD);
    assert.match(
      conf,
      /location = \/healthz \{\s+access_log off;\s+proxy_pass http:\/\/127\.0\.0\.1:80;\s+\}/,
    );
    assert.doesNotMatch(conf, /return 200/);
  });

  test('switches HTTP/2 on with the listen parameter for an nginx older than 1.25.1', () => {
    const conf = renderNginxConf({ ...APP, http2: 'listen-parameter' });
    assert.ok(has(conf, 'listen 443 ssl http2 default_server;'));
    assert.ok(!has(conf, 'http2 on;'));
    // Only the listen lines differ between the two renderings.
    assert.equal(
      conf,
      renderNginxConf(APP).replace(
        'listen 443 ssl default_server;\n        http2 on;',
        'listen 443 ssl http2 default_server;',
      ),
    );
    assert.equal(renderNginxConf({ ...APP, http2: 'directive' }), renderNginxConf(APP));
  });

  test('reads which HTTP/2 syntax an nginx takes from its version or `nginx -v`', () => {
    const cases: [string, Http2Syntax | undefined][] = [
      ['nginx version: nginx/1.22.1', 'listen-parameter'],
      ['1.25.0', 'listen-parameter'],
      ['1.24.9', 'listen-parameter'],
      ['0.30.0', 'listen-parameter'],
      ['1.9.5', 'listen-parameter'],
      ['1.25.1', 'directive'],
      ['1.25.10', 'directive'],
      ['1.26.0', 'directive'],
      ['nginx version: nginx/1.28.0', 'directive'],
      ['2.0.0', 'directive'],
      ['nginx version: openresty/1.21.4.1', 'listen-parameter'],
      ['nginx version: nginx', undefined],
      ['', undefined],
    ];
    for (const [version, expected] of cases)
      assert.equal(http2SyntaxFor(version), expected, version);
  });

  test('routes the dashboard to its own container and has no API route', () => {
    const conf = renderNginxConf(DASHBOARD);
    assert.ok(!conf.includes('/api/'));
    assert.ok(!conf.includes(':8080'));
    assert.match(conf, /location \/ \{\s+proxy_pass http:\/\/127\.0\.0\.1:80;/);
  });

  test('keeps the pid file and temp paths writable for a non-root, foreground nginx', () => {
    const conf = renderNginxConf(APP);
    assert.ok(has(conf, 'pid /tmp/nginx.pid;'));
    assert.ok(has(conf, 'client_body_temp_path /tmp/nginx-client-body;'));
    assert.ok(has(conf, 'proxy_temp_path /tmp/nginx-proxy;'));
    assert.ok(!conf.includes('daemon'));
  });

  test('renders the same bytes for the same input', () => {
    assert.equal(renderNginxConf(APP), renderNginxConf({ ...APP }));
  });

  test('refuses values that would break or inject into the configuration', () => {
    assert.throws(
      () => renderNginxConf({ ...APP, serverName: 'a.example; include /etc/passwd' }),
      /serverName/,
    );
    assert.throws(
      () => renderNginxConf({ ...APP, keyPath: '/tmp/{x}' }),
      /^Error: renderNginxConf: keyPath "\/tmp\/\{x\}" has characters nginx would misread$/,
    );
    assert.throws(() => renderNginxConf({ ...APP, certPath: '/tmp/a b.crt' }), /certPath/);
  });

  const nginx = toolPath('nginx');
  test(
    'passes nginx -t with a throwaway self-signed certificate',
    { skip: skipWithout('nginx') },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'plan-nginx-'));
      try {
        const cert = join(dir, 'tls.crt');
        const key = join(dir, 'tls.key');
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:P-256',
            '-nodes',
            '-keyout',
            key,
            '-out',
            cert,
            '-days',
            '1',
            '-subj',
            '/CN=app.contoso.example',
          ],
          { stdio: 'ignore' },
        );
        const check = (name: string, input: NginxConfInput) => {
          const file = join(dir, `${name}.conf`);
          writeFileSync(file, renderNginxConf({ ...input, certPath: cert, keyPath: key }));
          // stdout goes to /dev/null: nginx opens /dev/stdout, which fails on the socket Node pipes use.
          return spawnSync(nginx!, ['-t', '-q', '-c', file, '-e', 'stderr', '-p', dir], {
            encoding: 'utf8',
            stdio: ['ignore', 'ignore', 'pipe'],
          });
        };
        const http2 = installedHttp2Syntax();
        for (const routes of ['app', 'dashboard'] as const) {
          const result = check(routes, { ...APP, routes, http2 });
          assert.equal(result.status, 0, result.stderr);
        }
        // The other rendering: an nginx before 1.25.1 refuses `http2 on;`; a later one reads both.
        const other = check('other', {
          ...APP,
          http2: http2 === 'directive' ? 'listen-parameter' : 'directive',
        });
        if (http2 === 'directive') assert.equal(other.status, 0, other.stderr);
        else assert.match(other.stderr, /unknown directive "http2"/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

/**
 * nginx.conf for the TLS sidecar of a container group. nginx terminates TLS on 443 with the
 * certificate the init container fetched from Key Vault and proxies to the group's other
 * containers over loopback (containers in an ACI group share one network namespace).
 */

export interface NginxConfInput {
  serverName: string;
  /** `app`: `/` → web on :80 and `/api/` → API on :8080. `dashboard`: `/` → dashboard on :80. */
  routes: 'app' | 'dashboard';
  certPath: string;
  keyPath: string;
  /** How HTTP/2 is switched on (see Http2Syntax); default `directive`. */
  http2?: Http2Syntax;
}

/**
 * `directive`: `http2 on;` in the server block, which nginx reads from 1.25.1, where the
 * `http2` parameter of `listen` became deprecated
 * (https://nginx.org/en/docs/http/ngx_http_v2_module.html#http2: "This directive appeared in
 * version 1.25.1."). `listen-parameter`: `listen 443 ssl http2`, which every nginx from 1.9.5
 * reads (later ones with a deprecation warning). The sidecar image (nginx:stable-alpine) is past
 * 1.25.1; older nginx builds, such as Debian 12's 1.22, refuse `http2 on;` as an unknown directive.
 */
export type Http2Syntax = 'directive' | 'listen-parameter';

/** The first nginx that reads `http2 on;`. */
export const HTTP2_DIRECTIVE_SINCE = [1, 25, 1] as const;

/**
 * The syntax a given nginx reads, from its version (`1.22.1`) or what `nginx -v` prints
 * (`nginx version: nginx/1.22.1`). Undefined when no version can be read from it.
 */
export function http2SyntaxFor(version: string): Http2Syntax | undefined {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  const parts = match.slice(1, 4).map(Number);
  for (const [i, since] of HTTP2_DIRECTIVE_SINCE.entries()) {
    const part = parts[i] ?? 0;
    if (part !== since) return part > since ? 'directive' : 'listen-parameter';
  }
  return 'directive';
}

/** Where the init container writes, and the sidecar reads, the TLS material and the config. */
export const SIDECAR_FILES = {
  directory: '/etc/nginx/tls',
  certificate: '/etc/nginx/tls/tls.crt',
  privateKey: '/etc/nginx/tls/tls.key',
  config: '/etc/nginx/tls/nginx.conf',
} as const;

export const UPSTREAMS = { web: 'http://127.0.0.1:80', api: 'http://127.0.0.1:8080' } as const;

/** Mozilla "intermediate" TLS 1.2 suites: ECDHE with AES-GCM or ChaCha20-Poly1305 only. */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

const SAFE_VALUE = /^[A-Za-z0-9*._/-]+$/;

function checked(name: string, value: string): string {
  if (!SAFE_VALUE.test(value)) {
    throw new Error(
      `renderNginxConf: ${name} ${JSON.stringify(value)} has characters nginx would misread`,
    );
  }
  return value;
}

function main(): string[] {
  return [
    // Runs in the foreground as the container's process (`-g 'daemon off;'` on the command line),
    // possibly as a non-root user: the pid file and temp paths live in /tmp.
    'worker_processes auto;',
    'pid /tmp/nginx.pid;',
    'error_log stderr warn;',
    '',
    'events {',
    '    worker_connections 1024;',
    '}',
  ];
}

function httpSettings(): string[] {
  return [
    'server_tokens off;',
    'access_log /dev/stdout;',
    'default_type application/octet-stream;',
    'client_body_temp_path /tmp/nginx-client-body;',
    'proxy_temp_path /tmp/nginx-proxy;',
    'fastcgi_temp_path /tmp/nginx-fastcgi;',
    'uwsgi_temp_path /tmp/nginx-uwsgi;',
    'scgi_temp_path /tmp/nginx-scgi;',
    'sendfile on;',
    'keepalive_timeout 65s;',
    'client_max_body_size 10m;',
    '',
    'ssl_protocols TLSv1.2 TLSv1.3;',
    `ssl_ciphers ${TLS12_CIPHERS};`,
    'ssl_prefer_server_ciphers off;',
    'ssl_session_cache shared:TLS:10m;',
    'ssl_session_timeout 1d;',
    'ssl_session_tickets off;',
    '',
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_connect_timeout 5s;',
    'proxy_send_timeout 60s;',
    'proxy_read_timeout 60s;',
  ];
}

/**
 * `/healthz`. In an app group nginx answers it itself: a liveness check that does not depend on
 * the upstream containers (the gateway probes the API instead, gateway-parts.ts). In the dashboard
 * group it is the gateway's probe path, so it goes to the dashboard app: a probe that passes
 * means the app answers, not only nginx.
 */
function healthz(routes: NginxConfInput['routes']): string[] {
  const answer =
    routes === 'dashboard'
      ? [`    proxy_pass ${UPSTREAMS.web};`]
      : ['    default_type text/plain;', '    return 200 "ok\\n";'];
  return ['location = /healthz {', '    access_log off;', ...answer, '}', ''];
}

function locations(routes: NginxConfInput['routes']): string[] {
  const api =
    routes === 'app' ? ['location /api/ {', `    proxy_pass ${UPSTREAMS.api};`, '}', ''] : [];
  return [...healthz(routes), ...api, 'location / {', `    proxy_pass ${UPSTREAMS.web};`, '}'];
}

function listen(http2: Http2Syntax): string[] {
  return http2 === 'directive'
    ? ['listen 443 ssl default_server;', 'http2 on;']
    : ['listen 443 ssl http2 default_server;'];
}

function server(input: NginxConfInput): string[] {
  return [
    ...listen(input.http2 ?? 'directive'),
    `server_name ${checked(
      // Stryker disable next-line StringLiteral: renderNginxConf checks serverName in its header line before it calls server(), so this check never throws and its name never shows.
      'serverName',
      input.serverName,
    )};`,
    `ssl_certificate ${checked('certPath', input.certPath)};`,
    `ssl_certificate_key ${checked('keyPath', input.keyPath)};`,
    'add_header Strict-Transport-Security "max-age=63072000" always;',
    'add_header X-Content-Type-Options nosniff always;',
    '',
    ...locations(input.routes),
  ];
}

function block(name: string, lines: string[]): string[] {
  return [`${name} {`, ...lines.map((l) => (l === '' ? '' : `    ${l}`)), '}'];
}

/** Renders the sidecar's nginx.conf. Deterministic: the same input gives the same bytes. */
export function renderNginxConf(input: NginxConfInput): string {
  const lines = [
    `# nginx.conf for ${checked('serverName', input.serverName)} (${input.routes}), rendered by aci-vnet-sidecars.`,
    ...main(),
    '',
    ...block('http', [...httpSettings(), '', ...block('server', server(input))]),
  ];
  return `${lines.join('\n')}\n`;
}

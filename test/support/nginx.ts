// The nginx installed for tests (Debian's), and the nginx.conf syntax it reads: the sidecar image
// runs a newer nginx than Debian 12's 1.22, so tests render the conf for the one they start.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { http2SyntaxFor, renderNginxConf, type Http2Syntax } from '../../src/plan/index.js';
import { testChain } from '../unit/images/certificates.js';
import { toolPath } from './requires.js';

/** What `nginx -v` prints (`nginx version: nginx/1.22.1`), or undefined without nginx. */
export function installedNginxVersion(): string | undefined {
  const nginx = toolPath('nginx');
  if (!nginx) return undefined;
  const result = spawnSync(nginx, ['-v'], { encoding: 'utf8' });
  // nginx prints its version on stderr.
  return `${result.stderr}${result.stdout}`.trim() || undefined;
}

/** The HTTP/2 syntax of the installed nginx; throws when its version cannot be read. */
export function installedHttp2Syntax(): Http2Syntax {
  const version = installedNginxVersion();
  const syntax = version === undefined ? undefined : http2SyntaxFor(version);
  if (!syntax) throw new Error(`cannot read the nginx version from ${JSON.stringify(version)}`);
  return syntax;
}

/** Where a test's nginx sends the group's upstreams: free loopback ports instead of 80 and 8080. */
export interface LocalUpstreams {
  web: number;
  api?: number;
}

/**
 * The plan's nginx.conf for `routes`, as the installed nginx reads it (its HTTP/2 syntax), with the
 * group's fixed ports moved to loopback ports and the pid file and temp paths moved into `dir`.
 */
export function localSidecarConf(
  dir: string,
  input: {
    routes: 'app' | 'dashboard';
    serverName: string;
    tls: number;
    upstreams: LocalUpstreams;
  },
): string {
  const conf = renderNginxConf({
    serverName: input.serverName,
    routes: input.routes,
    certPath: join(dir, 'tls.crt'),
    keyPath: join(dir, 'tls.key'),
    http2: installedHttp2Syntax(),
  });
  return conf
    .replace('listen 443 ssl', `listen 127.0.0.1:${input.tls} ssl`)
    .replace(
      'proxy_pass http://127.0.0.1:8080;',
      `proxy_pass http://127.0.0.1:${input.upstreams.api ?? 9};`,
    )
    .replace(
      /proxy_pass http:\/\/127\.0\.0\.1:80;/g,
      `proxy_pass http://127.0.0.1:${input.upstreams.web};`,
    )
    .replace('worker_processes auto;', 'worker_processes 1;')
    .replace(/\/tmp\/nginx/g, join(dir, 'nginx'));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface LocalNginx {
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** Real nginx on `conf` (written to dir/nginx.conf) with the test chain as its certificate. */
export async function startLocalNginx(
  dir: string,
  conf: string,
  port: number,
): Promise<LocalNginx> {
  const chain = testChain();
  writeFileSync(join(dir, 'nginx.conf'), conf);
  writeFileSync(join(dir, 'tls.key'), chain.leafKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'tls.crt'), `${chain.leafPem}${chain.caPem}`.replace(/\r/g, ''));
  const logFile = join(dir, 'nginx.log');
  // A file, not a pipe: node's pipes are sockets, and nginx cannot open() /dev/stdout on one.
  const logFd = openSync(logFile, 'a');
  const nginx = spawn(
    toolPath('nginx')!,
    ['-p', dir, '-e', 'stderr', '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const output = () => readFileSync(logFile, 'utf8');
  const stop = async () => {
    if (nginx.exitCode !== null) return;
    const exited = new Promise((resolve) => nginx.once('exit', resolve));
    nginx.kill('SIGTERM');
    await exited;
  };
  await waitForPort(port, nginx, output).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { port, output, stop };
}

export async function waitForPort(
  port: number,
  nginx: ChildProcess,
  output: () => string,
): Promise<void> {
  // Up to 60 s; an nginx that exits is reported at once.
  for (let attempt = 0; attempt < 2400; attempt++) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited ${nginx.exitCode}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(25);
  }
  throw new Error(`nginx did not listen on ${port}: ${output()}`);
}

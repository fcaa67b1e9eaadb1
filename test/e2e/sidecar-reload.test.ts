// The sidecar's own loop in front of real nginx: a new certificate version is rolled out while
// HTTPS requests flow, and none of them fails.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:https';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import type { SidecarConfig } from '../../images/sidecar/src/config.js';
import type { ProcessRunner } from '../../images/sidecar/src/nginx.js';
import { createProcessRunner } from '../../images/sidecar/src/process-runner.js';
import { runSidecar } from '../../images/sidecar/src/run-sidecar.js';
import type { VaultSecret } from '../../src/azure/key-vault.js';
import { renderNginxConf } from '../../src/plan/nginx.js';
import { freePort, installedHttp2Syntax } from '../support/nginx.js';
import { until } from '../support/eventually.js';
import { skipWithout, toolPath } from '../support/requires.js';
import { assertNoSecretInAnswer } from '../support/scanned-http.js';
import { testChain } from '../unit/images/certificates.js';
import { firstVersion, pkcs12Secret, rsaLeaf, rsaPfx } from '../unit/images/sidecar-fixtures.js';

const skip = skipWithout('nginx');
const HOST = 'app.contoso.example';
const CONCURRENCY = 4;
/** Requests before the swap, and at least this many after the reload has completed. */
const BEFORE = 100;
const AFTER = 100;
const TOTAL = 300;

/** The plan's nginx.conf on a free loopback port, with its pid file and temp paths in `dir`. */
function localConf(dir: string, port: number): string {
  const conf = renderNginxConf({
    serverName: HOST,
    routes: 'app',
    certPath: join(dir, 'tls.crt'),
    keyPath: join(dir, 'tls.key'),
    // Debian's nginx may predate `http2 on;` (1.25.1): the form it reads.
    http2: installedHttp2Syntax(),
  });
  const rewritten = conf
    .replace('listen 443 ssl', `listen 127.0.0.1:${port} ssl`)
    .replace('worker_processes auto;', 'worker_processes 2;')
    .replace(/\/tmp\/nginx/g, join(dir, 'nginx'));
  assert.doesNotMatch(rewritten, /listen 443|\/tmp\/nginx/);
  return rewritten;
}

/** Live (not zombie) children of `pid`: nginx's workers when `pid` is its master. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(parent) === pid && state !== 'Z' ? [Number(name)] : [];
      } catch {
        return [];
      }
    });
}

interface Sample {
  index: number;
  ok: boolean;
  fingerprint: string;
  problem?: string;
}

/** One GET /healthz on a fresh TLS connection, noting the certificate the server presented. */
function hit(port: number, index: number): Promise<Sample> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/healthz',
        servername: HOST,
        headers: { host: HOST, connection: 'close' },
        agent: false,
        rejectUnauthorized: false,
      },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          try {
            assertNoSecretInAnswer('GET /healthz', { status, headers: res.headers, text: body });
          } catch (error) {
            resolve({ index, ok: false, fingerprint, problem: (error as Error).message });
            return;
          }
          resolve({
            index,
            ok: status === 200 && body === 'ok\n',
            fingerprint,
            problem: `HTTP ${status}`,
          });
        });
      },
    );
    req.on('error', (error) =>
      resolve({ index, ok: false, fingerprint: '', problem: error.message }),
    );
    req.end();
  });
}

describe('sidecar: certificate rollout under load', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'avs-sidecar-reload-'));
  const logFile = join(dir, 'nginx.log');
  const lines: string[] = [];
  const stop = new AbortController();
  const vault: { current: VaultSecret } = { current: firstVersion() };
  let logFd = -1;
  let port = 0;
  let exitCode: Promise<number>;

  before(async () => {
    port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), localConf(dir, port));
    // A file, not a pipe: node's pipes are sockets, and nginx cannot open() /dev/stdout on one.
    logFd = openSync(logFile, 'a');
    const real = createProcessRunner({ stdout: logFd, stderr: logFd });
    const nginx = toolPath('nginx') ?? 'nginx';
    // Debian's nginx as a non-root user: its prefix moved into the test's folder.
    const runner: ProcessRunner = {
      start: (_command, args) => real.start(nginx, ['-p', dir, ...args]),
      run: (_command, args) => real.run(nginx, ['-p', dir, ...args]),
    };
    const config: SidecarConfig = {
      vaultUrl: 'https://kv-contoso-abc12345.vault.azure.net/',
      certificateName: 'app-contoso-example',
      tlsDir: dir,
      nginxConfPath: join(dir, 'nginx.conf'),
      checkIntervalMs: 100,
    };
    const deps = {
      vault: { getSecretVersion: () => Promise.resolve(vault.current) },
      runner,
      now: () => new Date(),
      random: Math.random,
      sleep: (ms: number, signal: AbortSignal) =>
        sleep(ms, undefined, { signal }).catch(() => undefined),
      log: (line: string) => void lines.push(line),
    };
    exitCode = runSidecar(config, deps, stop.signal);
    await until(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = tcpConnect(port, '127.0.0.1');
          socket.once('connect', () => (socket.destroy(), resolve(true)));
          socket.once('error', () => resolve(false));
        }),
      { what: `nginx listening on ${port} (${lines.join(' | ')})` },
    );
  });

  after(async () => {
    stop.abort();
    await exitCode;
    if (logFd >= 0) closeSync(logFd);
    rmSync(dir, { recursive: true, force: true });
  });

  test('swaps to a new version while requests flow: none fails, later ones get it', async () => {
    const first = new X509Certificate(testChain().leafPem);
    const next = rsaLeaf('0d');
    const second = new X509Certificate(next.certPem);
    const samples: Sample[] = [];
    let started = 0;
    let done = false;
    const worker = async () => {
      while (!done) samples.push(await hit(port, started++));
    };
    const workers = Array.from({ length: CONCURRENCY }, worker);

    await until(() => Promise.resolve(samples.length >= BEFORE), { what: `${BEFORE} requests` });
    const master = Number(readFileSync(join(dir, 'nginx.pid'), 'utf8'));
    const oldWorkers = childrenOf(master);
    assert.ok(oldWorkers.length > 0, 'nginx has no workers');
    const swappedAt = started;
    vault.current = pkcs12Secret('v2', rsaPfx(next.keyPem, [next.certPem, testChain().caPem]));
    // The reload is complete when every old worker is gone; later connections reach new ones.
    await until(() => Promise.resolve(lines.some((l) => l.endsWith('installed; nginx reloaded'))), {
      what: 'the sidecar reloading nginx',
    });
    await until(
      () => {
        const now = childrenOf(master);
        return Promise.resolve(now.length > 0 && now.every((p) => !oldWorkers.includes(p)));
      },
      { what: 'the old nginx workers exiting' },
    );
    const reloadedAt = started;
    await until(() => Promise.resolve(samples.length >= Math.max(TOTAL, reloadedAt + AFTER)), {
      what: 'requests after the reload',
    });
    done = true;
    await Promise.all(workers);

    const failed = samples.filter((s) => !s.ok);
    const during = samples.filter((s) => s.index >= swappedAt && s.index < reloadedAt);
    const withNew = during.filter((s) => s.fingerprint === second.fingerprint256).length;
    console.log(
      `sidecar reload under load: ${samples.length} requests sent (concurrency ${CONCURRENCY}), ${failed.length} failed; ` +
        `${during.length} started between the swap and the last old worker's exit (${during.length - withNew} old certificate, ${withNew} new)`,
    );
    assert.deepEqual(failed, []);
    const seen = (from: number, to: number) =>
      new Set(samples.filter((s) => s.index >= from && s.index < to).map((s) => s.fingerprint));
    assert.deepEqual([...seen(0, swappedAt)], [first.fingerprint256]);
    assert.deepEqual([...seen(reloadedAt, Infinity)], [second.fingerprint256]);
    assert.ok(samples.filter((s) => s.index >= reloadedAt).length >= AFTER);
    assert.equal(lines.filter((l) => l.endsWith('installed; nginx reloaded')).length, 1);
    assert.match(
      lines.find((l) => l.endsWith('installed; nginx reloaded')) ?? '',
      new RegExp(
        `version v2 \\(CN=app\\.contoso\\.example, serial ${second.serialNumber}, 2 certificates, expires `,
      ),
    );
  });

  test('stops nginx gracefully and exits 0 when told to stop', async () => {
    stop.abort();
    assert.equal(await exitCode, 0);
    assert.ok(
      lines.includes('sidecar: stopping nginx gracefully (nginx -s quit)'),
      lines.join('\n'),
    );
    assert.equal(lines.at(-1), 'sidecar: nginx exited (exit code 0); the sidecar exits 0');
  });
});

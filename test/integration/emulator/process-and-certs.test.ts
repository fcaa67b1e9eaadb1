import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../../local/emulator/index.js';
import { readEndpointsFile } from '../../../src/cli/emulator-endpoints-file.js';
import { raw, startTestEmulator, STATE_DIR, SUB } from './helpers.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function runNode(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

void describe('emulator processes and certificates', () => {
  void test('creates its CA and server certificate once per state dir and reuses them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-certs-'));
    try {
      const first = await startEmulator({ stateDir: dir, timeScale: 0 });
      await first.stop();
      const second = await startEmulator({ stateDir: dir, timeScale: 0 });
      await second.stop();
      assert.equal(second.caPem, first.caPem);
      const ca = new X509Certificate(first.caPem);
      assert.equal(ca.ca, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void test('serves a certificate valid for localhost, 127.0.0.1 and ::1', async () => {
    const emu = await startTestEmulator();
    await emu.stop();
    const server = new X509Certificate(readFileSync(join(STATE_DIR, 'certs', 'server.pem')));
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.match(server.subjectAltName ?? '', /IP Address:0:0:0:0:0:0:0:1/i);
    assert.equal(server.verify(new X509Certificate(emu.caPem).publicKey), true);
  });

  void test('lets an SDK client in another process trust it through NODE_EXTRA_CA_CERTS', async () => {
    const emu = await startTestEmulator();
    try {
      const child = runNode([fixture('sdk-child.ts'), emu.armUrl, SUB], {
        NODE_EXTRA_CA_CERTS: emu.caFile,
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, err);
      assert.deepEqual(JSON.parse(out), {
        id: `/subscriptions/${SUB}/resourceGroups/rg-child`,
        state: 'Succeeded',
      });
    } finally {
      await emu.stop();
    }
  });

  void test('runs as a command that prints its endpoints and stops cleanly on SIGINT', async () => {
    const child = runNode([
      fixture('emulator-cli.ts'),
      'emulator',
      '--state-dir',
      STATE_DIR,
      '--time-scale',
      '0',
    ]);
    let out = '';
    const printed = new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Admin API')) resolve();
      }),
    );
    await printed;
    const armUrl = /ARM endpoint\s+(\S+)/.exec(out)?.[1] ?? '';
    assert.match(out, /DNS server\s+127\.0\.0\.1:\d+/);
    const caPem = readFileSync(join(STATE_DIR, 'certs', 'ca.pem'), 'utf8');
    const state = await raw(
      { armUrl, caPem } as Parameters<typeof raw>[0],
      'GET',
      '/_emulator/state',
    );
    assert.equal(state.status, 200);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.match(out, /emulator stopped/);
  });

  void test('with --endpoints-file, reports the ports it bound itself, where it answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-endpoints-'));
    const file = join(dir, 'endpoints.json');
    const child = runNode([
      fixture('emulator-cli.ts'),
      'emulator',
      ...['--state-dir', STATE_DIR, '--time-scale', '0', '--endpoints-file', file],
    ]);
    try {
      let out = '';
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('Admin API')) resolve();
        }),
      );
      const endpoints = readEndpointsFile(file);
      assert.ok(endpoints, 'the endpoints file is written before the endpoints are printed');
      assert.match(
        out,
        new RegExp(`ARM endpoint\\s+https://127\\.0\\.0\\.1:${endpoints.armPort}\\b`),
      );
      assert.match(out, new RegExp(`DNS server\\s+127\\.0\\.0\\.1:${endpoints.dnsPort}\\b`));
      assert.deepEqual(
        endpoints.nameServers.map((ns) => ns.name),
        [
          'ns1-01.azure-dns.com.',
          'ns2-01.azure-dns.net.',
          'ns3-01.azure-dns.org.',
          'ns4-01.azure-dns.info.',
        ],
      );
      const ports = [
        endpoints.armPort,
        endpoints.dnsPort,
        ...endpoints.nameServers.map((ns) => ns.port),
      ];
      assert.equal(new Set(ports).size, ports.length, `distinct ports: ${ports.join(', ')}`);
      const caPem = readFileSync(join(STATE_DIR, 'certs', 'ca.pem'), 'utf8');
      const armUrl = `https://127.0.0.1:${endpoints.armPort}`;
      const state = await raw(
        { armUrl, caPem } as Parameters<typeof raw>[0],
        'GET',
        '/_emulator/state',
      );
      assert.equal(state.status, 200);
      assert.ok(!existsSync(`${file}.${child.pid}.partial`), 'no partial file is left behind');
    } finally {
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

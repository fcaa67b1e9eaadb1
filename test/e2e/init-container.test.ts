import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readInitConfig } from '../../images/init/src/config.js';
import { runInit } from '../../images/init/src/run-init.js';
import { firstPrivateIpv4 } from '../../images/shared/private-ip.js';
import { createVault } from '../../src/azure/key-vault.js';
import { createResourceStore } from '../../src/azure/resources.js';
import { adminRequest } from '../support/admin.js';
import { assertNoSecret } from '../support/secrets.js';
import { testChain } from '../unit/images/certificates.js';
import { eth0 } from '../unit/images/init-fixtures.js';
import {
  startInitEnvironment,
  SUBSCRIPTION,
  ZONE_ID,
  type InitEnvironment,
} from './init-environment.js';

const RECORD = `${ZONE_ID}/A/app-1?api-version=2020-06-01`;

/** Runs a bundled entry without blocking this process, which serves the emulator it calls. */
function runNode(
  file: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [file], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('init container against the local emulator', () => {
  let env: InitEnvironment;
  const work = mkdtempSync(join(tmpdir(), 'avs-init-e2e-'));
  const requests: string[] = [];

  // The image context is built once, here, so that each test of the bundle stands alone.
  const contexts = join(work, 'contexts');
  before(async () => {
    env = await startInitEnvironment();
    const built = spawnSync(
      process.execPath,
      ['scripts/build-images.js', '--out', contexts, 'init'],
      { encoding: 'utf8' },
    );
    assert.equal(built.status, 0, built.stderr);
  });
  after(async () => {
    await env?.emu.stop();
    rmSync(work, { recursive: true, force: true });
  });

  async function run(ip: string, tlsDir: string) {
    const parsed = readInitConfig(env.initEnv(tlsDir));
    assert.ok(parsed.ok);
    const store = createResourceStore(env.connection, SUBSCRIPTION);
    const counting = {
      get: (id: string, v: string) => (requests.push(`GET ${id}`), store.get(id, v)),
      put: (id: string, v: string, b: Record<string, unknown>) => (
        requests.push(`PUT ${id}`),
        store.put(id, v, b)
      ),
    };
    return runInit(parsed.config, {
      store: counting,
      vault: createVault(env.connection, env.vaultUri),
      interfaces: () => eth0(ip),
      retry: { delaysMs: [], sleep: () => Promise.resolve(), log: () => undefined },
      log: () => undefined,
    });
  }

  test('registers the group IP in the private zone and writes the vault certificate for nginx', async () => {
    const dir = mkdtempSync(join(work, 'tls-'));
    const result = await run('192.168.1.4', dir);
    assert.equal(result.record, 'created');
    const record = await adminRequest(env.emu, 'GET', RECORD);
    assert.deepEqual(record.properties && (record.properties as Record<string, unknown>).aRecords, [
      { ipv4Address: '192.168.1.4' },
    ]);
    assert.deepEqual((record.properties as { metadata: unknown }).metadata, {
      'managed-by': 'aci-vnet-sidecars',
    });
    const crt = readFileSync(join(dir, 'tls.crt'), 'utf8');
    assert.ok(crt.startsWith(testChain().leafPem.replace(/\r/g, '').split('\n')[0] ?? 'x'));
    assert.equal(statSync(join(dir, 'tls.key')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(dir, 'nginx.conf'), 'utf8'), /listen 443 ssl/);
  });

  test('writes nothing to the zone when it runs again with the same IP', async () => {
    requests.length = 0;
    const result = await run('192.168.1.4', mkdtempSync(join(work, 'tls-')));
    assert.equal(result.record, 'unchanged');
    assert.deepEqual(requests, [`GET ${ZONE_ID}/A/app-1`]);
  });

  test('moves the record when the group restarts with a new IP', async () => {
    const result = await run('192.168.1.7', mkdtempSync(join(work, 'tls-')));
    assert.equal(result.record, 'updated');
    const record = await adminRequest(env.emu, 'GET', RECORD);
    assert.deepEqual((record.properties as { aRecords: unknown }).aRecords, [
      { ipv4Address: '192.168.1.7' },
    ]);
  });

  test('the bundled main.js does the same from its image context and exits 0', async () => {
    const dir = mkdtempSync(join(work, 'tls-'));
    const result = await runNode(join(contexts, 'init', 'main.js'), {
      PATH: process.env.PATH ?? '',
      ...env.settingsEnv,
      ...env.initEnv(dir),
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual(readdirSync(dir).sort(), ['nginx.conf', 'tls.crt', 'tls.key']);
    const ip = firstPrivateIpv4(networkInterfaces())?.address ?? '';
    assert.match(
      result.stdout,
      new RegExp(`A record app-1 → ${ip.replace(/\./g, '\\.')}: (created|updated|unchanged)`),
    );
    const record = await adminRequest(env.emu, 'GET', RECORD);
    assert.deepEqual((record.properties as { aRecords: unknown }).aRecords, [{ ipv4Address: ip }]);
    assertNoSecret(result.stdout, testChain().leafKeyPem, 'the init container output');
  });

  test('the bundled main.js fails with one line naming the missing certificate', async () => {
    const dir = mkdtempSync(join(work, 'tls-'));
    const result = await runNode(join(contexts, 'init', 'main.js'), {
      PATH: process.env.PATH ?? '',
      ...env.settingsEnv,
      ...env.initEnv(dir),
      CERTIFICATE_NAME: 'absent',
    });
    assert.equal(result.status, 1);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `init failed: [not-found/CertificateNotFound] certificate absent is not in ${env.vaultUri}; issue it first (the certificate stage of the deployment)`,
    ]);
    assert.deepEqual(readdirSync(dir), []);
  });
});

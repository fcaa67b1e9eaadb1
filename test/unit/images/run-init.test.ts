import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { readInitConfig, type InitConfig } from '../../../images/init/src/config.js';
import { runInit, type InitDeps } from '../../../images/init/src/run-init.js';
import { AppError } from '../../../src/errors.js';
import { assertNoSecret } from '../../support/secrets.js';
import { testChain } from './certificates.js';
import { CONF, eth0, fakeStore, initEnv } from './init-fixtures.js';

let dir: string;
let config: InitConfig;
let lines: string[];
let sleeps: number[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'avs-init-'));
  const parsed = readInitConfig(initEnv({ TLS_DIR: dir }));
  assert.ok(parsed.ok);
  config = parsed.config;
  lines = [];
  sleeps = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function deps(overrides: Partial<InitDeps> = {}): InitDeps {
  return {
    store: fakeStore(),
    vault: { getSecret: () => Promise.resolve(testChain().secret) },
    interfaces: () => eth0('192.168.1.4'),
    retry: {
      delaysMs: [5, 10],
      sleep: (ms) => (sleeps.push(ms), Promise.resolve()),
      log: (l) => lines.push(l),
    },
    log: (l) => lines.push(l),
    ...overrides,
  };
}

const forbidden = () =>
  Promise.reject(new AppError('forbidden', 'Forbidden', 'GET secret app-contoso-example: denied'));

describe('init image: one run', () => {
  test('registers the IP and writes chain, key (0600) and nginx.conf into TLS_DIR', async () => {
    const store = fakeStore();
    const result = await runInit(config, deps({ store }));
    assert.deepEqual(result, {
      ip: '192.168.1.4',
      record: 'created',
      files: ['tls.crt', 'tls.key', 'nginx.conf'],
    });
    const chain = testChain();
    assert.equal(
      await readFile(join(dir, 'tls.crt'), 'utf8'),
      `${chain.leafPem}${chain.caPem}`.replace(/\r/g, ''),
    );
    assert.equal((await readFile(join(dir, 'tls.key'), 'utf8')).trim(), chain.leafKeyPem.trim());
    assert.equal(await readFile(join(dir, 'nginx.conf'), 'utf8'), CONF);
    assert.equal((await stat(join(dir, 'tls.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'tls.crt'))).mode & 0o777, 0o644);
  });

  test('replaces files from an earlier start and leaves no temporary files behind', async () => {
    await writeFile(join(dir, 'tls.key'), 'old', { mode: 0o644 });
    await runInit(config, deps());
    assert.equal((await stat(join(dir, 'tls.key'))).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(dir)).sort(), ['nginx.conf', 'tls.crt', 'tls.key']);
  });

  test('logs what it did without a byte of the key or certificate', async () => {
    await runInit(config, deps());
    const log = lines.join('\n');
    assert.match(log, /init: private IP 192\.168\.1\.4 \(eth0\)/);
    assert.match(log, /init: A record app-1 → 192\.168\.1\.4: created/);
    assert.match(
      log,
      /wrote tls\.crt, tls\.key, nginx\.conf to .* \(CN=app\.contoso\.example, 2 certificates, expires /,
    );
    const chain = testChain();
    assertNoSecret(log, chain.leafKeyPem, 'the init log');
    assertNoSecret(log, chain.leafPem, 'the init log');
  });

  test('fails with what to do when the group has no private IPv4', async () => {
    await assert.rejects(
      runInit(config, deps({ interfaces: () => ({ lo: eth0('1.1.1.1').lo }) })),
      /\[unexpected\/NoPrivateIp\] .*must be deployed into a VNet subnet/,
    );
  });

  test('retries a 403 while a role assignment propagates, then succeeds', async () => {
    let calls = 0;
    const vault = {
      getSecret: () => (++calls < 3 ? forbidden() : Promise.resolve(testChain().secret)),
    };
    await runInit(config, deps({ vault }));
    assert.deepEqual(sleeps, [5, 10]);
    assert.match(
      lines.join('\n'),
      /reading secret app-contoso-example is forbidden .* retrying in 0\.005 s/,
    );
  });

  test('names the role to grant when the vault keeps refusing', async () => {
    await assert.rejects(
      runInit(config, deps({ vault: { getSecret: forbidden } })),
      /\[forbidden\/Forbidden\] GET secret app-contoso-example: denied; grant the workload identity \(AZURE_CLIENT_ID\) Key Vault Secrets User on the vault https:\/\/kv-contoso-abc12345\.vault\.azure\.net\//,
    );
    assert.deepEqual(sleeps, [5, 10]);
  });

  test('names the role to grant when the private zone refuses the record', async () => {
    const store = { ...fakeStore(), get: forbidden };
    await assert.rejects(
      runInit(config, deps({ store })),
      /; grant the workload identity \(AZURE_CLIENT_ID\) Private DNS Zone Contributor on \/subscriptions\/.*privateDnsZones\/contoso\.internal$/,
    );
  });

  test('does not retry failures other than 403', async () => {
    const vault = {
      getSecret: () => Promise.reject(new AppError('validation', 'BadParameter', 'bad')),
    };
    await assert.rejects(runInit(config, deps({ vault })), /\[validation\/BadParameter\] bad$/);
    assert.deepEqual(sleeps, []);
  });

  test('says to issue the certificate first when the vault does not hold it', async () => {
    await assert.rejects(
      runInit(config, deps({ vault: { getSecret: () => Promise.resolve(undefined) } })),
      /\[not-found\/CertificateNotFound\] certificate app-contoso-example is not in https:\/\/kv-contoso-abc12345\.vault\.azure\.net\/; issue it first/,
    );
  });

  test('writes no file at all when the certificate is unusable', async () => {
    await assert.rejects(
      runInit(config, deps({ vault: { getSecret: () => Promise.resolve(testChain().leafPem) } })),
      /CertificateIncomplete/,
    );
    assert.deepEqual(await readdir(dir), []);
  });

  test('says how to mount TLS_DIR when it cannot be written', async () => {
    const missing = { ...config, tlsDir: join(dir, 'absent') };
    await assert.rejects(
      runInit(missing, deps()),
      /\[unexpected\/TlsDirUnwritable\] cannot write into TLS_DIR .*absent \(ENOENT\); mount the shared emptyDir volume there, writable/,
    );
  });
});

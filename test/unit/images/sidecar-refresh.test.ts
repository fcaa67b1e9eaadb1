import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  certificateFromSecret,
  installCertificate,
  type Serving,
} from '../../../images/sidecar/src/certificate.js';
import type { SidecarConfig } from '../../../images/sidecar/src/config.js';
import { refreshLoop, refreshOnce, type RefreshDeps } from '../../../images/sidecar/src/refresh.js';
import { AppError } from '../../../src/errors.js';
import { assertNoSecret } from '../../support/secrets.js';
import { testChain } from './certificates.js';
import {
  anyPfx,
  fakeRunner,
  fakeVault,
  firstVersion,
  pkcs12Secret,
  rsaLeaf,
  rsaPfx,
  sidecarConfig,
} from './sidecar-fixtures.js';

const RELOAD = 'nginx -e stderr -c /etc/nginx/tls/nginx.conf -s reload';

let dir: string;
let config: SidecarConfig;
let serving: Serving;
let before: { crt: string; key: string; mtime: number };
let lines: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'avs-sidecar-refresh-'));
  config = sidecarConfig(dir);
  const first = certificateFromSecret(firstVersion(), config.certificateName, new Date());
  await installCertificate(dir, first.files);
  serving = { version: first.version, leaf: first.files.leaf };
  before = await files();
  lines = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function files() {
  return {
    crt: await readFile(join(dir, 'tls.crt'), 'utf8'),
    key: await readFile(join(dir, 'tls.key'), 'utf8'),
    mtime: (await stat(join(dir, 'tls.key'))).mtimeMs,
  };
}

function deps(overrides: Partial<RefreshDeps> = {}): RefreshDeps {
  return {
    vault: fakeVault(firstVersion()),
    runner: fakeRunner(),
    now: () => new Date(),
    random: () => 0.5,
    sleep: () => Promise.resolve(),
    log: (line) => lines.push(line),
    ...overrides,
  };
}

const secondLeaf = rsaLeaf('0b');
const secondVersion = () =>
  pkcs12Secret('v2', rsaPfx(secondLeaf.keyPem, [secondLeaf.certPem, testChain().caPem]));

describe('sidecar image: refreshing the certificate', () => {
  test('an unchanged version costs one read: no write, no reload', async () => {
    const vault = fakeVault(firstVersion());
    const runner = fakeRunner();
    assert.deepEqual(await refreshOnce(config, deps({ vault, runner }), serving), {
      outcome: 'unchanged',
    });
    assert.equal(vault.reads, 1);
    assert.deepEqual(runner.commands, []);
    assert.deepEqual(await files(), before);
    assert.deepEqual(lines, ['sidecar: certificate app-contoso-example unchanged (version v1)']);
  });

  test('a new version swaps both files and reloads nginx once', async () => {
    const runner = fakeRunner();
    const result = await refreshOnce(
      config,
      deps({ vault: fakeVault(secondVersion()), runner }),
      serving,
    );
    assert.equal(result.outcome, 'replaced');
    assert.equal(result.outcome === 'replaced' && result.serving.version, 'v2');
    assert.deepEqual(runner.commands, [RELOAD]);
    const after = await files();
    assert.ok(after.crt.startsWith(secondLeaf.certPem.replace(/\r/g, '')));
    assert.notEqual(after.key, before.key);
    assert.equal((await stat(join(dir, 'tls.key'))).mode & 0o777, 0o600);
    assert.deepEqual((await readdir(dir)).sort(), ['tls.crt', 'tls.key']);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      /^sidecar: certificate app-contoso-example version v2 \(CN=app\.contoso\.example, serial 0B, 2 certificates, expires \d{4}-\d\d-\d\dT[\d:.]+Z\) installed; nginx reloaded$/,
    );
    for (const secret of [secondLeaf.keyPem, secondLeaf.certPem, secondVersion().value])
      assertNoSecret(lines.join('\n'), secret, 'the sidecar log');
  });

  test('keeps serving the current files when Key Vault is unreachable', async () => {
    const runner = fakeRunner();
    const down = new AppError('transient', 'NetworkError', 'GET secret x: ETIMEDOUT');
    assert.deepEqual(await refreshOnce(config, deps({ vault: fakeVault(down), runner }), serving), {
      outcome: 'unreachable',
    });
    assert.deepEqual(runner.commands, []);
    assert.deepEqual(await files(), before);
    assert.deepEqual(lines, [
      'sidecar: cannot read certificate app-contoso-example: [transient/NetworkError] GET secret x: ETIMEDOUT; still serving version v1',
    ]);
  });

  test('keeps the current files when a new version is unusable, and says why', async () => {
    const chain = testChain();
    const old = rsaLeaf('0c', new Date(Date.now() - 1000));
    const unusable = [
      pkcs12Secret('v2', anyPfx([chain.caKeyPem], [secondLeaf.certPem])),
      pkcs12Secret('v3', rsaPfx(old.keyPem, [old.certPem])),
      { ...secondVersion(), version: 'v4', contentType: 'application/x-pem-file' },
    ];
    const runner = fakeRunner();
    for (const secret of unusable) {
      const result = await refreshOnce(config, deps({ vault: fakeVault(secret), runner }), serving);
      assert.deepEqual(result, { outcome: 'rejected' });
    }
    assert.deepEqual(runner.commands, []);
    assert.deepEqual(await files(), before);
    assert.deepEqual(
      lines.map((l) =>
        /version (v\d) rejected: \[validation\/(\w+)\].*; still serving version v1$/
          .exec(l)
          ?.slice(1),
      ),
      [
        ['v2', 'CertificateKeyMismatch'],
        ['v3', 'CertificateExpired'],
        ['v4', 'CertificateContentType'],
      ],
    );
    for (const secret of [chain.caKeyPem, old.keyPem, ...unusable.map((u) => u.value)])
      assertNoSecret(lines.join('\n'), secret, 'the sidecar log');
  });

  test('tries again at the next check when the reload fails', async () => {
    const runner = fakeRunner({ reload: 1 });
    const result = await refreshOnce(
      config,
      deps({ vault: fakeVault(secondVersion()), runner }),
      serving,
    );
    assert.deepEqual(result, { outcome: 'failed' });
    assert.match(
      lines[0] ?? '',
      /version v2 not rolled out: \[unexpected\/NginxSignalFailed\] nginx -s reload exited 1: nginx: \[error\] invalid PID number; nginx keeps serving version v1, the next check tries again$/,
    );
  });

  test('checks every interval ±10 %, reloads once per new version, and stops when told', async () => {
    const vault = fakeVault(firstVersion());
    const runner = fakeRunner();
    const stop = new AbortController();
    const sleeps: number[] = [];
    const randoms = [0, 1, 0.5, 0.25];
    const sleep: RefreshDeps['sleep'] = (ms) => {
      sleeps.push(ms);
      if (sleeps.length === 2) vault.answer = secondVersion();
      if (sleeps.length === 4) stop.abort();
      return Promise.resolve();
    };
    const random = () => randoms.shift() ?? 0.5;
    await refreshLoop(config, deps({ vault, runner, sleep, random }), serving, stop.signal);
    assert.deepEqual(sleeps, [54_000, 66_000, 60_000, 57_000]);
    assert.equal(vault.reads, 3);
    assert.deepEqual(runner.commands, [RELOAD]);
    assert.deepEqual(
      lines.map(
        (l) => /app-contoso-example (unchanged \(version v\d\)|version v\d)( |$)/.exec(l)?.[1],
      ),
      ['unchanged (version v1)', 'version v2', 'unchanged (version v2)'],
    );
    assert.match(lines[1] ?? '', /installed; nginx reloaded$/);
  });
});

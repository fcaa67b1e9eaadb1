import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runSidecar, type SidecarDeps } from '../../../images/sidecar/src/run-sidecar.js';
import type { SidecarConfig } from '../../../images/sidecar/src/config.js';
import { AppError } from '../../../src/errors.js';
import { assertNoSecret } from '../../support/secrets.js';
import { testChain } from './certificates.js';
import { fakeRunner, fakeVault, firstVersion, sidecarConfig } from './sidecar-fixtures.js';

const START = 'nginx -e stderr -c /etc/nginx/tls/nginx.conf -g daemon off;';
const QUIT = 'nginx -e stderr -c /etc/nginx/tls/nginx.conf -s quit';

let dir: string;
let config: SidecarConfig;
let lines: string[];
let sleeps: number[];
let stop: AbortController;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'avs-sidecar-run-'));
  config = sidecarConfig(dir);
  lines = [];
  sleeps = [];
  stop = new AbortController();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Sleeps are recorded and end at once; the refresh loop's first sleep waits for `stop`. */
function deps(overrides: Partial<SidecarDeps> = {}): SidecarDeps {
  return {
    vault: fakeVault(firstVersion()),
    runner: fakeRunner(),
    now: () => new Date(),
    random: () => 0.5,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      if (ms !== config.checkIntervalMs) return Promise.resolve();
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
    },
    log: (line) => lines.push(line),
    ...overrides,
  };
}

const down = () => new AppError('transient', 'ServiceUnavailable', 'GET secret x: (HTTP 503)');
const denied = () => new AppError('forbidden', 'VaultForbidden', 'GET secret x: (HTTP 403)');

describe('sidecar image: start and stop', () => {
  test('writes the certificate, then starts nginx once in the foreground', async () => {
    const runner = fakeRunner();
    const filesAtStart: string[] = [];
    runner.onStart = () =>
      void filesAtStart.push(...['tls.crt', 'tls.key'].filter((f) => existsSync(join(dir, f))));
    const running = runSidecar(config, deps({ runner }), stop.signal);
    await until(() => runner.commands.length > 0);
    stop.abort();
    assert.equal(await running, 0);
    assert.deepEqual(filesAtStart, ['tls.crt', 'tls.key']);
    assert.deepEqual(runner.commands, [START, QUIT]);
    assert.match(await readFile(join(dir, 'tls.crt'), 'utf8'), /^-----BEGIN CERTIFICATE-----\n/);
  });

  test('retries an unreachable or refusing vault with growing delays, then starts nginx', async () => {
    const vault = fakeVault(down());
    const runner = fakeRunner();
    const answers = [down(), denied(), undefined, firstVersion()];
    vault.getSecretVersion = () => {
      vault.reads++;
      const answer = answers.shift();
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    };
    const running = runSidecar(config, deps({ vault, runner }), stop.signal);
    await until(() => runner.commands.length > 0);
    stop.abort();
    assert.equal(await running, 0);
    assert.equal(vault.reads, 4);
    assert.deepEqual(sleeps.slice(0, 3), [5_000, 10_000, 20_000]);
    assert.deepEqual(runner.commands, [START, QUIT]);
    const retries = lines.filter((l) => l.includes('cannot read certificate'));
    assert.deepEqual(
      retries.map((l) => /\(attempt (\d)\): \[([\w/-]+)\].*retrying in (\d+) s$/.exec(l)?.slice(1)),
      [
        ['1', 'transient/ServiceUnavailable', '5'],
        ['2', 'forbidden/VaultForbidden', '10'],
        ['3', 'not-found/CertificateNotFound', '20'],
      ],
    );
    assert.match(
      retries[1] ?? '',
      /the group's identity \(AZURE_CLIENT_ID\) needs Key Vault Secrets User on the certificate's secret https:\/\/\S+\/secrets\/[\w-]+, and a new role assignment takes up to 10 minutes to apply/,
    );
    assert.match(retries[0] ?? '', /nginx is not started without it/);
  });

  test('keeps retrying a refusing vault past the 10 minutes a role assignment takes, then starts nginx', async () => {
    const vault = fakeVault(firstVersion());
    const runner = fakeRunner();
    // Refused for 15 attempts: with the one-minute cap, more than ten minutes of waiting.
    let refusals = 15;
    vault.getSecretVersion = () => {
      vault.reads++;
      return refusals-- > 0 ? Promise.reject(denied()) : Promise.resolve(firstVersion());
    };
    // Backoffs jittered below the middle, so none equals the fake's 60 s check interval (which
    // the fake sleep holds); the middle again once nginx runs.
    let draws = 0;
    const random = () => (draws++ < 15 ? 0.25 : 0.5);
    const running = runSidecar(config, deps({ vault, runner, random }), stop.signal);
    await until(() => runner.commands.length > 0);
    stop.abort();
    assert.equal(await running, 0);
    const waited = sleeps.slice(0, 15).reduce((sum, ms) => sum + ms, 0);
    assert.ok(waited > 10 * 60_000, `waited ${waited} ms before nginx started`);
    assert.ok(Math.max(...sleeps.slice(0, 15)) <= 66_000, 'no wait longer than a minute (+10 %)');
    assert.deepEqual(runner.commands, [START, QUIT]);
  });

  test('does not start nginx when stopped before the certificate is read', async () => {
    const runner = fakeRunner();
    const running = runSidecar(config, deps({ runner }), stop.signal);
    stop.abort();
    assert.equal(await running, 0);
    assert.deepEqual(runner.commands, []);
  });

  test('never starts nginx when stopped while Key Vault is unreachable', async () => {
    const runner = fakeRunner();
    const sleep: SidecarDeps['sleep'] = (ms) => {
      sleeps.push(ms);
      if (sleeps.length === 3) stop.abort();
      return Promise.resolve();
    };
    assert.equal(
      await runSidecar(config, deps({ vault: fakeVault(down()), runner, sleep }), stop.signal),
      0,
    );
    assert.deepEqual(runner.commands, []);
    assert.deepEqual(await readdir(dir), []);
    assert.equal(lines.at(-1), 'sidecar: stopped before nginx was started');
  });

  test('fails at once, writing nothing, when the certificate is not PKCS#12', async () => {
    const runner = fakeRunner();
    const chain = testChain();
    const pem = { ...firstVersion(), value: chain.secret, contentType: 'application/x-pem-file' };
    await assert.rejects(
      runSidecar(config, deps({ vault: fakeVault(pem), runner }), stop.signal),
      /CertificateContentType\] .*has content type application\/x-pem-file, expected application\/x-pkcs12/,
    );
    assert.deepEqual(runner.commands, []);
    assert.deepEqual(await readdir(dir), []);
  });

  test('exits with nginx when nginx exits by itself, and stops checking', async () => {
    const runner = fakeRunner();
    const running = runSidecar(config, deps({ runner }), stop.signal);
    await until(() => runner.commands.length > 0);
    runner.exit(1);
    assert.equal(await running, 1);
    assert.deepEqual(runner.commands, [START]);
    assert.equal(lines.at(-1), 'sidecar: nginx exited (exit code 1); the sidecar exits 1');
  });

  test('sends SIGQUIT itself when nginx -s quit cannot reach nginx', async () => {
    const runner = fakeRunner({ quit: 1 });
    const running = runSidecar(config, deps({ runner }), stop.signal);
    await until(() => runner.commands.length > 0);
    stop.abort();
    await until(() => runner.signals.length > 0);
    assert.deepEqual(runner.signals, ['SIGQUIT']);
    runner.exit(0);
    assert.equal(await running, 0);
    assert.ok(
      lines.some((l) =>
        l.includes(
          'nginx -s quit exited 1: nginx: [error] invalid PID number; sending SIGQUIT instead',
        ),
      ),
    );
  });

  test('logs the version, subject and expiry, never key or certificate bytes', async () => {
    const runner = fakeRunner();
    const running = runSidecar(config, deps({ runner }), stop.signal);
    await until(() => runner.commands.length > 0);
    stop.abort();
    await running;
    const log = lines.join('\n');
    assert.match(
      log,
      /sidecar: certificate app-contoso-example version v1 \(CN=app\.contoso\.example, serial 02, 2 certificates, expires \d{4}-.*\) written to /,
    );
    const chain = testChain();
    for (const secret of [chain.leafKeyPem, chain.leafPem, firstVersion().value])
      assertNoSecret(log, secret, 'the sidecar log');
  });
});

/**
 * Lets the sidecar's promises run until `check` holds. The fakes answer at once, but the sidecar
 * writes its files through the thread pool, which a loaded machine can hold up for longer than
 * any number of event-loop turns: past the first thousand turns, each waits a millisecond.
 */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 11_000 && !check(); turn++)
    await new Promise((r) => (turn < 1_000 ? setImmediate(r) : setTimeout(r, 1)));
  assert.ok(check(), 'the sidecar never got there');
}

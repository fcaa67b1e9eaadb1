// The host's own routes (/admin, the Durable HTTP API) and what guards them: a master key the host
// generates when none is configured, the Host header (DNS rebinding), and which functions the
// admin route runs.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isLoopbackHostHeader } from '../../../local/host/host-header.js';
import { masterKeyFile, startHost } from '../../../local/host/index.js';
import type { HostHandle } from '../../../local/host/index.js';
import { assertNoSecret } from '../../support/secrets.js';
import type { FixtureHost } from './helpers.js';
import { fixtureRoot, masterKey, memoryLogger, startFixtureHost, tempDir } from './helpers.js';

/** The fixture app in a folder whose local.settings.json configures no master key. */
function appRootWithoutMasterKey(): string {
  const root = tempDir('no-master-key');
  copyFileSync(join(fixtureRoot, 'host.json'), join(root, 'host.json'));
  writeFileSync(
    join(root, 'local.settings.json'),
    JSON.stringify({
      Values: { FUNCTIONS_WORKER_RUNTIME: 'node', FIXTURE_GREETING: 'Hello' },
      Host: { FunctionKey: 'fixture-function-key' },
    }),
  );
  return root;
}

/** A GET with a Host header of the test's choosing (fetch() always sends the URL's). */
function getWithHost(
  url: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { ...headers, host } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('a host without a configured master key', () => {
  const lines: string[] = [];
  let host: HostHandle;
  let stateDir: string;
  let appRoot: string;
  before(async () => {
    stateDir = tempDir('generated-key');
    appRoot = appRootWithoutMasterKey();
    host = await startHost({
      appRoot,
      entryPoint: resolve(fixtureRoot, 'index.ts'),
      stateDir,
      port: 0,
      runTimers: false,
      logger: memoryLogger(lines),
    });
  });
  after(() => host.stop());

  const key = () => readFileSync(masterKeyFile(stateDir), 'utf8').trim();

  test('generates one into a file of its state dir that only its owner can read', () => {
    assert.equal(host.masterKeyFile, masterKeyFile(stateDir));
    assert.equal(statSync(masterKeyFile(stateDir)).mode & 0o777, 0o600);
    assert.match(key(), /^[A-Za-z0-9_-]{43}$/);
    assertNoSecret(lines.join('\n'), key(), "the host's log");
  });

  test('requires it on /admin: none or a wrong key is 401, the header or code= is 200', async () => {
    const status = `${host.url}/admin/host/status`;
    assert.equal((await fetch(status)).status, 401);
    assert.equal((await fetch(`${status}?code=wrong`)).status, 401);
    assert.equal((await fetch(status, { headers: { 'x-functions-key': key() } })).status, 200);
    assert.equal((await fetch(`${status}?code=${key()}`)).status, 200);
  });

  test('requires it on the Durable HTTP API: the function key is not enough', async () => {
    const instances = `${host.url}/runtime/webhooks/durabletask/instances`;
    assert.equal((await fetch(instances)).status, 401);
    const withFunctionKey = { headers: { 'x-functions-key': 'fixture-function-key' } };
    assert.equal((await fetch(instances, withFunctionKey)).status, 401);
    assert.equal((await fetch(instances, { headers: { 'x-functions-key': key() } })).status, 200);
  });

  test("hands it to the app's Durable client, which starts and reads instances with it", async () => {
    const started = await fetch(`${host.url}/api/orchestrators/sequence`, {
      method: 'POST',
      body: JSON.stringify({ count: 0 }),
    });
    assert.equal(started.status, 202, await started.text());
  });

  test('keeps the key across restarts of the same state dir', async () => {
    const before = key();
    const again = await startHost({
      appRoot,
      entryPoint: resolve(fixtureRoot, 'index.ts'),
      stateDir,
      port: 0,
      runTimers: false,
      logger: memoryLogger([]),
    });
    await again.stop();
    assert.equal(key(), before);
  });
});

describe('the Host header', () => {
  let fx: FixtureHost;
  before(async () => {
    fx = await startFixtureHost();
  });
  after(() => fx.host.stop());

  test('names this machine: localhost, 127.0.0.0/8 or [::1], with or without a port', () => {
    for (const host of ['localhost', 'LOCALHOST:7071', '127.0.0.1:7071', '127.9.8.7', '[::1]:80'])
      assert.equal(isLoopbackHostHeader(host), true, host);
    for (const host of [
      undefined,
      '',
      'evil.example',
      'localhost.evil.example',
      '127.0.0.1.evil.example',
      '127.0.0.256',
      '10.0.0.1:7071',
      '[::2]',
      'localhost:7071@evil.example',
    ])
      assert.equal(isLoopbackHostHeader(host), false, String(host));
  });

  test('of another name gets 403, even with the master key (DNS rebinding)', async () => {
    const status = `${fx.url}/admin/host/status`;
    const port = new URL(fx.url).port;
    const key = { 'x-functions-key': masterKey };
    assert.equal(await getWithHost(status, `rebind.evil.example:${port}`, key), 403);
    assert.equal(await getWithHost(`${fx.url}/api/hello/ada`, 'evil.example'), 403);
    assert.equal(await getWithHost(status, `localhost:${port}`, key), 200);
    assert.equal(await getWithHost(status, `127.0.0.1:${port}`, key), 200);
  });
});

describe('the admin route runs timers and event handlers only', () => {
  let fx: FixtureHost;
  before(async () => {
    fx = await startFixtureHost();
  });
  after(() => fx.host.stop());

  const run = (name: string, input: unknown) =>
    fetch(`${fx.url}/admin/functions/${name}`, {
      method: 'POST',
      headers: { 'x-functions-key': masterKey, 'content-type': 'application/json' },
      body: JSON.stringify({ input }),
    });

  test('refuses an activity and does not run it: only its orchestrator calls it', async () => {
    const response = await run('countedStep', { i: 4242 });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /"countedStep" is an activity; only its orchestrator/);
    assert.ok(!(fx.records('steps') as number[]).includes(4242), 'the activity ran');
  });

  test('refuses an orchestrator, which starts through the Durable client', async () => {
    const response = await run('sequence', 3);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /"sequence" is an orchestrator/);
  });

  test('still runs a timer', async () => {
    assert.equal((await run('everyFiveMinutes', '')).status, 202);
  });
});

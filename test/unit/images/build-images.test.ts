import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const out = mkdtempSync(join(tmpdir(), 'avs-image-contexts-'));
const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });

/** Starts a bundled server, returns the first line it prints, and stops it. */
function firstLine(file: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [file], { cwd: out, env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) {
        child.kill();
        resolve(text.split('\n')[0] ?? '');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) =>
      code ? reject(new Error(`${file} exited ${code}: ${text}`)) : undefined,
    );
  });
}

describe('image build contexts', () => {
  before(() => {
    const result = node(['scripts/build-images.js', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  test('prepares one self-contained folder per image with its Dockerfile and README', () => {
    assert.deepEqual(readdirSync(out).sort(), ['api', 'dash', 'init', 'migrate', 'sidecar', 'web']);
    for (const folder of ['api', 'dash', 'init', 'migrate', 'sidecar', 'web']) {
      assert.deepEqual(
        readdirSync(join(out, folder))
          .filter((f) => f !== 'public')
          .sort(),
        ['Dockerfile', 'README.md', 'THIRD-PARTY-NOTICES.txt', 'main.js', 'package.json'],
        folder,
      );
    }
    for (const folder of ['api', 'dash', 'init', 'migrate', 'web']) {
      assert.match(
        readFileSync(join(out, folder, 'Dockerfile'), 'utf8'),
        /^FROM node:22-alpine@sha256:[0-9a-f]{64}$/m,
      );
    }
    // nginx and node in one image: the maintained nginx build, plus Alpine's node for main.js.
    const sidecar = readFileSync(join(out, 'sidecar', 'Dockerfile'), 'utf8');
    assert.match(sidecar, /^FROM nginx:stable-alpine@sha256:[0-9a-f]{64}$/m);
    assert.match(sidecar, /apk add --no-cache nodejs/);
    assert.match(sidecar, /^CMD \["node", "main\.js"\]$/m);
    assert.match(sidecar, /^EXPOSE 443$/m);
    // The page itself is rendered by main.js from the API's answers; public/ holds its style.
    assert.deepEqual(readdirSync(join(out, 'web', 'public')).sort(), ['style.css']);
  });

  test("keeps the bundled packages' licence notices beside main.js, and copies them into the image", () => {
    for (const folder of readdirSync(out)) {
      assert.match(
        readFileSync(join(out, folder, 'Dockerfile'), 'utf8'),
        /^COPY package\.json main\.js THIRD-PARTY-NOTICES\.txt \.\/$/m,
        folder,
      );
    }
    const sidecar = readFileSync(join(out, 'sidecar', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    assert.match(sidecar, /^images\/sidecar\/main\.js bundles these \d+ third-party packages/);
    for (const name of [
      '@azure/identity',
      '@azure/keyvault-secrets',
      '@azure/msal-node',
      'node-forge',
    ])
      assert.match(sidecar, new RegExp(`^${name}@\\d+\\.\\d+\\.\\d+, licence `, 'm'), name);
    // The MIT licence text of @azure/identity, verbatim from its LICENSE file.
    assert.match(sidecar, /Copyright \(c\) Microsoft Corporation\./);
    assert.match(sidecar, /Permission is hereby granted, free of charge/);
    // Copyright comments marked as legal in the packages' sources stay at the end of main.js.
    assert.match(readFileSync(join(out, 'sidecar', 'main.js'), 'utf8'), /@azure\/msal-common v\d/);
    for (const folder of ['init', 'web'])
      assert.equal(
        readFileSync(join(out, folder, 'THIRD-PARTY-NOTICES.txt'), 'utf8'),
        `images/${folder}/main.js bundles no third-party package.\n`,
      );
  });

  test('bundles everything main.js needs, so the context needs no npm install', () => {
    for (const folder of ['api', 'dash', 'init', 'migrate', 'sidecar', 'web']) {
      const main = readFileSync(join(out, folder, 'main.js'), 'utf8');
      const imported = [...main.matchAll(/^import [^;\n]* from ["']([^"']+)["'];?$/gm)].map(
        (m) => m[1] ?? '',
      );
      const packages = imported.filter((name) => !isBuiltin(name));
      assert.deepEqual(packages, [], `${folder} imports packages`);
      assert.equal(existsSync(join(out, folder, 'node_modules')), false);
    }
  });

  test('runs the long-running containers as a non-root user, binding port 80 by capability', () => {
    for (const folder of ['api', 'dash', 'migrate', 'web']) {
      assert.match(readFileSync(join(out, folder, 'Dockerfile'), 'utf8'), /^USER node$/m, folder);
    }
    for (const folder of ['dash', 'web']) {
      assert.match(readFileSync(join(out, folder, 'Dockerfile'), 'utf8'), /cap_net_bind_service/);
    }
    // The sidecar as nginx:nginx, the owner the init container gives TLS_DIR; nginx binds 443.
    const sidecar = readFileSync(join(out, 'sidecar', 'Dockerfile'), 'utf8');
    assert.match(sidecar, /^USER 101:101$/m);
    assert.match(sidecar, /setcap cap_net_bind_service=\+ep \/usr\/sbin\/nginx/);
  });

  test('the bundled init exits 2 with one line listing every missing variable', () => {
    const result = node([join(out, 'init', 'main.js')], { KEY_VAULT_URL: '' });
    assert.equal(result.status, 2);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      /^init failed: invalid environment: .*NGINX_CONF_BASE64 is not set$/,
    );
  });

  test('the bundled sidecar exits 2 with one line listing every missing variable', () => {
    const result = node([join(out, 'sidecar', 'main.js')], {
      KEY_VAULT_URL: '',
      CERTIFICATE_NAME: '',
      CHECK_INTERVAL_SECONDS: '0',
    });
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      'sidecar failed: invalid environment: KEY_VAULT_URL is not set; CERTIFICATE_NAME is not set; CHECK_INTERVAL_SECONDS must be a whole number of seconds from 10 to 86400\n',
    );
  });

  test('the bundled migrate exits 2 with one line naming every setting it lacks', () => {
    const result = node([join(out, 'migrate', 'main.js')], {
      DATABASE_ENGINE: 'azuresql',
      SQL_SERVER_FQDN: 'sql-x.database.windows.net',
      API_IDENTITY_NAME: '',
    });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'migrate: invalid settings: API_IDENTITY_NAME is required\n');
  });

  test('the bundled servers start from a folder without node_modules and listen', async () => {
    const env = {
      PORT: '0',
      CONTAINER_GROUP_IDS: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/a`,
    };
    const lines = await Promise.all(
      ['web', 'api', 'dash'].map((f) => firstLine(join(out, f, 'main.js'), env)),
    );
    assert.match(lines[0] ?? '', /^web: serving .* on port \d+$/);
    assert.match(lines[1] ?? '', /^api: listening on port \d+$/);
    assert.match(lines[2] ?? '', /^dashboard: listening on port \d+, showing 1 container groups$/);
  });

  test('refuses an unknown image folder', () => {
    const result = node(['scripts/build-images.js', '--out', out, 'nope']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /build-images: unknown image folder: nope/);
  });
});

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONF, initEnv } from '../unit/images/init-fixtures.js';

/** Runs a bundled entry without blocking this process. */
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

/**
 * ACI gives init containers no managed identity and no IP (MicrosoftDocs/azure-docs PR #101684).
 * The bundled init runs here with every identity endpoint a credential could use pointing at a
 * trap that records requests: it must finish without one.
 */
describe('init container as ACI runs it: no identity, no network', () => {
  const work = mkdtempSync(join(tmpdir(), 'avs-init-e2e-'));
  const contexts = join(work, 'contexts');
  const requests: string[] = [];
  let trap: Server;
  let trapUrl: string;

  before(async () => {
    const built = spawnSync(
      process.execPath,
      ['scripts/build-images.js', '--out', contexts, 'init'],
      { encoding: 'utf8' },
    );
    assert.equal(built.status, 0, built.stderr);
    trap = createServer((req, res) => {
      requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const address = trap.address();
    trapUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(() => {
    trap?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const identityTraps = () => ({
    IDENTITY_ENDPOINT: `${trapUrl}/msi/token`,
    IDENTITY_HEADER: 'trap',
    MSI_ENDPOINT: `${trapUrl}/msi/token`,
    AZURE_POD_IDENTITY_AUTHORITY_HOST: trapUrl,
  });

  test('prepares the shared volume for the sidecar and calls nothing', async () => {
    const dir = mkdtempSync(join(work, 'tls-'));
    const conf = CONF.replaceAll('/etc/nginx/tls', dir);
    const result = await runNode(join(contexts, 'init', 'main.js'), {
      PATH: process.env.PATH ?? '',
      ...identityTraps(),
      ...initEnv({
        TLS_DIR: dir,
        NGINX_CONF_BASE64: Buffer.from(conf).toString('base64'),
        // Changing a directory's owner needs root, which ACI's init container has.
        SIDECAR_USER: process.getuid?.() === 0 ? '101:101' : undefined,
      }),
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.deepEqual(readdirSync(dir), ['nginx.conf']);
    assert.equal(readFileSync(join(dir, 'nginx.conf'), 'utf8'), conf);
    if (process.getuid?.() === 0) assert.equal(statSync(dir).uid, 101);
    assert.deepEqual(requests, [], 'the init container asked for a token or called out');
  });

  test('carries no Azure client in its bundle', () => {
    const bundle = readFileSync(join(contexts, 'init', 'main.js'), 'utf8');
    assert.doesNotMatch(
      bundle,
      /DefaultAzureCredential|ManagedIdentityCredential|vault\.azure\.net/,
    );
  });

  test('fails with one line naming what is wrong with its environment', async () => {
    const result = await runNode(join(contexts, 'init', 'main.js'), {
      PATH: process.env.PATH ?? '',
      TLS_DIR: 'relative',
    });
    assert.equal(result.status, 2);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      'init failed: invalid environment: TLS_DIR must be an absolute path; NGINX_CONF_BASE64 is not set',
    ]);
  });
});

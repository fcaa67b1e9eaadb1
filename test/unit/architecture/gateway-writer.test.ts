// Every gateway write goes through src/environments/gateway-writer.ts: nothing else can PUT it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { applyContext, applyResource } from '../../../src/environments/index.js';
import { examplePlan, only } from '../plan/helpers.js';
import { repoRoot } from '../../support/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(join(repoRoot, 'src')).map((path) => ({
  file: relative(repoRoot, path),
  text: readFileSync(path, 'utf8'),
}));

describe('the one gateway writer', () => {
  test('no Application Gateway SDK write anywhere in src/', () => {
    const writes = files.filter((f) =>
      /applicationGateways\.(begin)?(createOrUpdate|updateTags|start|stop)/i.test(f.text),
    );
    assert.deepEqual(
      writes.map((f) => f.file),
      [],
    );
  });

  test('no code that PUTs through the generic store names the gateway, but its writer', () => {
    // The generic apply PUTs any planned resource and refuses the gateway (next test); every
    // other caller of store.put must not be able to reach the gateway's id or type.
    const putters = files.filter(
      (f) => /\bstore\.put\(/.test(f.text) && !f.file.endsWith('environments/apply.ts'),
    );
    assert.ok(putters.some((f) => f.file === 'src/environments/gateway-writer.ts'));
    const naming = putters.filter(
      (f) =>
        f.file !== 'src/environments/gateway-writer.ts' &&
        /applicationGateways|\)\.gateway\b|ids\.gateway\b/.test(f.text),
    );
    assert.deepEqual(
      naming.map((f) => f.file),
      [],
    );
  });

  test('the generic apply refuses the gateway before reading or writing anything', async () => {
    const plan = examplePlan('minimal');
    const sent: string[] = [];
    const record = (what: string) => () => {
      sent.push(what);
      return Promise.reject(new Error(`${what} sent`));
    };
    const context = applyContext(
      { get: record('GET'), put: record('PUT'), delete: record('DELETE'), list: record('LIST') },
      plan,
      {},
    );
    await assert.rejects(
      applyResource(context, only(plan, 'Microsoft.Network/applicationGateways')),
      /\[unexpected\/GatewayWriterOnly\] applicationGateways\/agw-contoso-dev is written only through writeGateway/,
    );
    assert.deepEqual(sent, []);
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { STAGE_TABLE } from '../../src/provisioning/stage-table.js';
import { cli } from '../support/cli.js';
import { FUNCTION_KEY, startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, specWith, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');

function specFile(spec: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'avs-deploy-cmd-')), 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe('aci-vnet-sidecars deploy and status against a running app', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startLocalStack({
      publicZones: [
        {
          subscriptionId: '00000000-0000-0000-0000-000000000000',
          resourceGroup: 'rg-contoso-dev',
          zone: 'contoso.example',
        },
      ],
    });
    process.env.ACI_VNET_SIDECARS_FUNCTION_KEY = FUNCTION_KEY;
  });
  after(async () => {
    delete process.env.ACI_VNET_SIDECARS_FUNCTION_KEY;
    await stack?.stop();
  });

  test('deploys a spec, printing each stage, and exits 0 when every stage succeeded', async () => {
    const file = specFile(withImportedImages(exampleInput('minimal')));
    const run = await cli(
      'deploy',
      '--spec',
      file,
      '--url',
      stack.host.url,
      '--poll-seconds',
      '0.1',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^deployment of contoso-dev accepted; status: http:\/\/127\.0\.0\.1:\d+\/api\/environments\/contoso-dev\n/,
    );
    assert.match(
      run.stdout,
      /\n {2}certificate +succeeded: certificate issued: CN=app\.contoso\.example/,
    );
    assert.match(
      run.stdout,
      new RegExp(`deployed contoso-dev: all ${STAGE_TABLE.length} stages succeeded\\n$`),
    );
  });

  test('shows the stages of a deployment', async () => {
    const run = await cli('status', 'contoso-dev', '--url', stack.host.url);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^contoso-dev: Completed\n {2}resource-providers succeeded: 8 resource providers registered\n {2}identities +succeeded/,
    );
  });

  test('checks the spec before sending it, and exits 2 with the problems', async () => {
    const run = await cli(
      'deploy',
      '--spec',
      specFile(specWith({ app: { instances: 0 } })),
      '--url',
      stack.host.url,
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /app\.instances: must be at least 1 container group/);
  });

  test('says which key is missing instead of calling the app without one', async () => {
    delete process.env.ACI_VNET_SIDECARS_FUNCTION_KEY;
    const run = await cli('status', 'contoso-dev', '--url', stack.host.url);
    process.env.ACI_VNET_SIDECARS_FUNCTION_KEY = FUNCTION_KEY;
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /no function key: set ACI_VNET_SIDECARS_FUNCTION_KEY \(or pass --key\)/,
    );
  });
});

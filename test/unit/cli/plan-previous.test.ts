import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cli } from '../../support/cli.js';
import { exampleInput, specWith } from '../../support/specs.js';

function specFile(name: string, spec: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'avs-cli-')), name);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const full = () => specFile('deployed.json', exampleInput('full'));

describe('aci-vnet-sidecars plan --previous', () => {
  test('marks the groups whose CPU changed as replaced, naming the property, and the rest as no change', async () => {
    const next = specFile(
      'next.json',
      specWith({ app: { resources: { web: { cpu: 1, memoryInGB: 1 } } } }, exampleInput('full')),
    );
    const run = await cli('plan', '--spec', next, '--previous', full());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\(\d+ resources: 3 to replace, \d+ unchanged\)/);
    const header = run.stdout.split('\n').find((l) => l.startsWith('#'));
    assert.match(header ?? '', /^#\s+CHANGE\s+TYPE\s+NAME\s+DEPENDS ON$/);
    for (const n of [1, 2, 3]) {
      assert.match(
        run.stdout,
        new RegExp(`replaces\\s+\\S+containerGroups\\s+ci-contoso-prod-app-${n}\\s`),
      );
      assert.match(
        run.stdout,
        new RegExp(`^replaces ci-contoso-prod-app-${n} \\(CPU of container 'web' changed\\)$`, 'm'),
      );
    }
    assert.match(run.stdout, /no change\s+\S+containerGroups\s+ci-contoso-prod-dashboard\s/);
    assert.match(run.stdout, /deleted, then created again/);
  });

  test('tells an in-place update from a replacement, and a new resource from both', async () => {
    const next = specFile(
      'next.json',
      specWith(
        { app: { instances: 4, images: { web: { build: 'images/web', tag: '1.0.1' } } } },
        exampleInput('full'),
      ),
    );
    const run = await cli('plan', '--spec', next, '--previous', full());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /update\s+\S+containerGroups\s+ci-contoso-prod-app-1\s/);
    assert.match(run.stdout, /create\s+\S+containerGroups\s+ci-contoso-prod-app-4\s/);
    assert.doesNotMatch(run.stdout, /replaces/);
  });

  test('adds each container group the deployment deletes, and none with prune: false', async () => {
    const fewer = specFile('fewer.json', specWith({ app: { instances: 2 } }, exampleInput('full')));
    const run = await cli('plan', '--spec', fewer, '--previous', full());
    assert.equal(run.code, 0, run.stderr);
    // The dashboard is told of one group fewer: an update.
    assert.match(run.stdout, /\(\d+ resources: 1 to update, 1 to delete, \d+ unchanged\)/);
    assert.match(run.stdout, /^-\s+delete\s+\S+containerGroups\s+ci-contoso-prod-app-3\s+-\s*$/m);
    assert.match(run.stdout, /^deletes ci-contoso-prod-app-3$/m);
    assert.match(run.stdout, /taken out of the gateway's backend pools/);
    assert.doesNotMatch(run.stdout, /ci-contoso-prod-app-[12]\s+-\s*$/m);

    const kept = specFile(
      'kept.json',
      specWith({ app: { instances: 2 }, prune: false }, exampleInput('full')),
    );
    const keeping = await cli('plan', '--spec', kept, '--previous', full());
    assert.equal(keeping.code, 0, keeping.stderr);
    assert.doesNotMatch(keeping.stdout, /to delete|^-\s+delete|^deletes /m);
  });

  test('exits 2 when --previous is combined with another format', async () => {
    const run = await cli('plan', '--spec', full(), '--previous', full(), '--format', 'json');
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'aci-vnet-sidecars: --previous works with --format table only\n');
  });
});

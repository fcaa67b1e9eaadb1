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

  test('exits 2 when --previous is combined with another format', async () => {
    const run = await cli('plan', '--spec', full(), '--previous', full(), '--format', 'json');
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'aci-vnet-sidecars: --previous works with --format table only\n');
  });
});

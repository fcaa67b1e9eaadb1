import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { regenerated } from '../../../scripts/docs-sections.js';
import { STAGES } from '../../../src/provisioning/stage-table.js';

const file = fileURLToPath(new URL('../../../docs/architecture.md', import.meta.url));

describe('docs/architecture.md', () => {
  test('shows the stage graph the stage table gives today (npm run docs rewrites it)', async () => {
    const current = readFileSync(file, 'utf8');
    assert.equal(
      current,
      await regenerated(current, file),
      'docs/architecture.md is stale: run `npm run docs`',
    );
  });

  test('has a row for every stage of the stage table', () => {
    const doc = readFileSync(file, 'utf8');
    for (const stage of STAGES) assert.match(doc, new RegExp(`^\\| ${stage} +\\|`, 'm'), stage);
  });
});

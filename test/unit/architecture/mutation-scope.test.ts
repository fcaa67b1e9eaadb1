import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  MUTATION_MODULES,
  moduleOf,
  mutatePatterns,
  typeCheckedPaths,
} from '../../../scripts/mutation-scope.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('mutation scope', () => {
  test('tsconfig.mutation.json type-checks exactly the mutated files and folders', () => {
    // Stryker's TypeScript checker reads this file; a module missing from it is mutated but its
    // mutants are never checked, and an extra path slows every run down.
    const tsconfig = JSON.parse(readFileSync(`${root}tsconfig.mutation.json`, 'utf8')) as {
      include: string[];
    };
    assert.deepEqual([...tsconfig.include].sort(), [...typeCheckedPaths()].sort());
  });

  test('every listed path exists', () => {
    for (const path of MUTATION_MODULES.flatMap((m) => m.paths))
      assert.ok(
        existsSync(`${root}${path}`),
        `${path} is in scripts/mutation-scope.js but missing`,
      );
  });

  test('a file belongs to the first module that names it', () => {
    assert.equal(moduleOf('src/spec/cidr.ts'), 'cidr');
    assert.equal(moduleOf('src/spec/schema.ts'), 'spec');
    assert.equal(moduleOf('src/plan/drift.ts'), 'drift');
    assert.equal(moduleOf('src/errors.ts'), 'retry decision');
    assert.equal(moduleOf('src/cli/main.ts'), 'src/cli/main.ts');
  });

  test('a folder is mutated without its re-exports, and a file inside it is not listed twice', () => {
    const patterns = mutatePatterns();
    assert.ok(patterns.includes('src/spec/**/*.ts') && patterns.includes('!src/spec/index.ts'));
    assert.ok(!patterns.includes('src/spec/cidr.ts'));
    assert.deepEqual(mutatePatterns(MUTATION_MODULES.filter((m) => m.ci)), [
      'src/environments/group-diffs.ts',
      'src/reconcile/events.ts',
      'src/certs/renewal-policy.ts',
      'src/azure/retry-decision.ts',
      'src/errors.ts',
    ]);
  });
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ledger = readFileSync(`${root}docs/azure-constraints.md`, 'utf8');

interface Row {
  number: number;
  rule: string;
  source: string;
  emulator: string;
  appTest: string;
}

function rows(): Row[] {
  return ledger
    .split('\n')
    .filter((line) => /^\| \d+ \|/.test(line))
    .map((line) => {
      // A cell may hold `a\|b` inside code; only unescaped bars separate cells.
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      const [number = '', rule = '', source = '', emulator = '', appTest = ''] = cells;
      return { number: Number(number), rule, source, emulator, appTest };
    });
}

/** Repository paths quoted in a cell: `test/…`, `src/…`, `local/…`, `infra/…`, `bench/…`. */
function repoPaths(cell: string): string[] {
  return [
    ...cell.matchAll(/`((?:test|src|local|infra|bench|images|scripts)\/[\w./-]+\.\w+)`/g),
  ].map((m) => m[1] ?? '');
}

describe('docs/azure-constraints.md, the ledger of Azure rules', () => {
  test('numbers its rows 1, 2, 3… with no gap or repeat', () => {
    assert.ok(rows().length >= 15, `only ${rows().length} rows`);
    assert.deepEqual(
      rows().map((r) => r.number),
      rows().map((_, i) => i + 1),
    );
  });

  test('gives every rule a source and names an existing test that shows the app honours it', () => {
    for (const row of rows()) {
      assert.ok(row.rule.length > 0, `row ${row.number} has no rule`);
      assert.ok(row.source.length > 0, `row ${row.number} has no source`);
      const tests = repoPaths(row.appTest).filter((p) => p.startsWith('test/'));
      assert.ok(tests.length > 0, `row ${row.number} names no test file`);
    }
  });

  test('names only files that exist', () => {
    const missing = rows().flatMap((row) =>
      [row.source, row.emulator, row.appTest]
        .flatMap(repoPaths)
        .filter((path) => !existsSync(`${root}${path}`))
        .map((path) => `row ${row.number}: ${path}`),
    );
    assert.deepEqual(missing, []);
  });
});

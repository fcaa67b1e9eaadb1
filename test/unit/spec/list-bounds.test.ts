import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec, type SpecProblem } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

function problems(patch: Record<string, unknown>): SpecProblem[] {
  const result = parseSpec(specWith(patch));
  return result.ok ? [] : result.problems;
}

/** `count` distinct names in the zone, the host name first. */
const certificateNames = (count: number) => [
  'app.contoso.example',
  ...Array.from({ length: count - 1 }, (_, i) => `n${i}.contoso.example`),
];
const ranges = (count: number) => Array.from({ length: count }, (_, i) => `198.51.100.${i}/32`);
const publicAccess = (allowedSourceRanges: unknown) => ({
  dashboard: { publicAccess: { allowedSourceRanges } },
});

describe('list lengths in a spec', () => {
  test("certificates.names: up to 100, Let's Encrypt's limit per certificate", () => {
    assert.deepEqual(problems({ certificates: { names: certificateNames(100) } }), []);
    assert.deepEqual(problems({ certificates: { names: certificateNames(101) } }), [
      {
        path: 'certificates.names',
        message: "must list at most 100 names (Let's Encrypt's limit per certificate)",
      },
    ]);
  });

  test('dashboard.publicAccess.allowedSourceRanges: one to 20 ranges', () => {
    assert.deepEqual(problems(publicAccess(ranges(20))), []);
    assert.deepEqual(problems(publicAccess(ranges(21))), [
      {
        path: 'dashboard.publicAccess.allowedSourceRanges',
        message: 'must list at most 20 source ranges',
      },
    ]);
    assert.deepEqual(problems(publicAccess([])), [
      {
        path: 'dashboard.publicAccess.allowedSourceRanges',
        message: 'must list at least one source range (CIDR) allowed to reach the dashboard',
      },
    ]);
  });
});

describe('the dashboard allow list', () => {
  test('reports each range that is not a CIDR block, quoting it', () => {
    assert.deepEqual(problems(publicAccess(['203.0.113.0/24', '203.0.113.300/32', 'office'])), [
      {
        path: 'dashboard.publicAccess.allowedSourceRanges[1]',
        message: '203.0.113.300/32 has an octet above 255',
      },
      {
        path: 'dashboard.publicAccess.allowedSourceRanges[2]',
        message: 'office is not a CIDR block; write it like 192.168.1.0/24',
      },
    ]);
  });

  test('refuses a range with host bits set, naming the block it starts', () => {
    assert.deepEqual(problems(publicAccess(['203.0.113.7/24'])), [
      {
        path: 'dashboard.publicAccess.allowedSourceRanges[0]',
        message: '203.0.113.7/24 has host bits set; the block starts at 203.0.113.0/24',
      },
    ]);
  });

  test('refuses 0.0.0.0/0, which would allow everyone', () => {
    assert.deepEqual(problems(publicAccess(['0.0.0.0/0'])), [
      {
        path: 'dashboard.publicAccess.allowedSourceRanges[0]',
        message:
          '0.0.0.0/0 allows every address; list only the ranges that may reach the dashboard',
      },
    ]);
  });

  test('reports a bad range even when another section of the spec is invalid too', () => {
    const found = problems({ ...publicAccess(['nope']), gateway: { minCapacity: 'x' } });
    assert.deepEqual(
      found.map((p) => p.path),
      ['gateway.minCapacity', 'dashboard.publicAccess.allowedSourceRanges[0]'],
    );
  });
});

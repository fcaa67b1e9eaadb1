// The critical path bench/deploy prints: the chain of dependent stages with the longest total.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { criticalPath } from '../../../src/provisioning/critical-path.js';
import type { StageName, StageNode } from '../../../src/provisioning/stage-graph.js';

const graph: StageNode[] = [
  { name: 'resource-providers', dependsOn: [] },
  { name: 'network', dependsOn: ['resource-providers'] },
  { name: 'key-vault', dependsOn: ['network'] },
  { name: 'certificate', dependsOn: ['key-vault'] },
  { name: 'registry', dependsOn: ['resource-providers'] },
  { name: 'container-groups', dependsOn: ['certificate', 'registry'] },
  { name: 'gateway', dependsOn: ['certificate'] },
  { name: 'verify', dependsOn: ['container-groups', 'gateway'] },
];
const durations = (entries: [StageName, number][]) => new Map(entries);

describe('the critical path of a deployment', () => {
  test('follows the longest chain of dependencies, adding its stages up', () => {
    const path = criticalPath(
      graph,
      durations([
        ['resource-providers', 60],
        ['network', 20],
        ['key-vault', 15],
        ['certificate', 90],
        ['registry', 400],
        ['container-groups', 120],
        ['gateway', 360],
        ['verify', 5],
      ]),
    );
    // registry (400) + container groups (120) = 520 beats network → vault → certificate → gateway (485).
    assert.deepEqual(path.stages, ['resource-providers', 'registry', 'container-groups', 'verify']);
    assert.equal(path.ms, 60 + 400 + 120 + 5);
  });

  test('takes the other branch when it is longer, and counts a stage without a time as 0', () => {
    const path = criticalPath(
      graph,
      durations([
        ['network', 20],
        ['key-vault', 15],
        ['certificate', 90],
        ['registry', 70],
        ['container-groups', 120],
        ['gateway', 360],
      ]),
    );
    assert.deepEqual(path.stages, [
      'resource-providers',
      'network',
      'key-vault',
      'certificate',
      'gateway',
      'verify',
    ]);
    assert.equal(path.ms, 20 + 15 + 90 + 360);
  });

  test('refuses a cycle, naming a stage in it', () => {
    assert.throws(
      () =>
        criticalPath(
          [
            { name: 'network', dependsOn: ['gateway'] },
            { name: 'gateway', dependsOn: ['network'] },
          ],
          durations([]),
        ),
      /cycle through (network|gateway)/,
    );
  });
});

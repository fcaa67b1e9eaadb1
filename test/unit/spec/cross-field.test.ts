import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec, type SpecProblem } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

/** The problems of the minimal example with `patch` applied; none for a valid spec. */
function problems(patch: Record<string, unknown>): SpecProblem[] {
  const result = parseSpec(specWith(patch));
  return result.ok ? [] : result.problems;
}

const subnets = (s: Record<string, string>) => ({ network: { subnets: s } });

describe('cross-field limits', () => {
  const accepted: [title: string, patch: Record<string, unknown>][] = [
    ['a gateway subnet of exactly a /26', subnets({ gateway: '192.168.0.0/26' })],
    [
      'a /29 containers subnet for three app groups when the dashboard is off',
      {
        ...subnets({ containers: '192.168.1.0/29' }),
        app: { instances: 3 },
        dashboard: { enabled: false },
      },
    ],
    [
      'a minimum gateway capacity equal to the maximum',
      { gateway: { minCapacity: 4, maxCapacity: 4 } },
    ],
    ['a dashboard port next to the HTTPS port', { gateway: { dashboardPort: 444 } }],
  ];
  for (const [title, patch] of accepted) {
    test(`accepts ${title}`, () => {
      assert.deepEqual(problems(patch), []);
    });
  }

  test('counts the dashboard as a container group while it is enabled', () => {
    const patch = {
      ...subnets({ containers: '192.168.1.0/29' }),
      app: { instances: 3 },
      dashboard: { enabled: true },
    };
    assert.deepEqual(problems(patch), [
      {
        path: 'network.subnets.containers',
        message:
          '192.168.1.0/29 has 3 usable addresses but 4 container groups need one each; use a larger subnet',
      },
    ]);
  });

  test('reports a containers subnet below a /29 as too small once, not also as too small for its groups', () => {
    assert.deepEqual(problems(subnets({ containers: '192.168.1.0/30' })), [
      {
        path: 'network.subnets.containers',
        message: "192.168.1.0/30 is smaller than Azure's smallest subnet; use a /29 or larger",
      },
    ]);
  });

  test('reports every pair of overlapping subnets', () => {
    const patch = {
      network: {
        addressSpace: '192.168.0.0/24',
        subnets: {
          gateway: '192.168.0.0/24',
          containers: '192.168.0.0/24',
          privateEndpoints: '192.168.0.0/24',
        },
      },
    };
    const overlap = (path: string, other: string) => ({
      path: `network.subnets.${path}`,
      message: `192.168.0.0/24 overlaps network.subnets.${other} (192.168.0.0/24); subnets of one VNet must not overlap`,
    });
    assert.deepEqual(problems(patch), [
      overlap('containers', 'gateway'),
      overlap('privateEndpoints', 'gateway'),
      overlap('privateEndpoints', 'containers'),
    ]);
  });
});

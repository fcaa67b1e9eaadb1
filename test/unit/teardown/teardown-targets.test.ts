// The deletion list and order a teardown computes from an environment's plan: pure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, type Plan, type PlannedResource } from '../../../src/plan/index.js';
import { parseSpec } from '../../../src/spec/index.js';
import { TEARDOWN_STEPS } from '../../../src/teardown/teardown-steps.js';
import {
  orderViolations,
  teardownTargets,
  type TeardownTarget,
} from '../../../src/teardown/teardown-targets.js';
import { exampleInput } from '../../support/specs.js';

function planOf(name: 'full' | 'minimal'): Plan {
  const parsed = parseSpec(exampleInput(name));
  assert.ok(parsed.ok);
  return buildPlan(parsed.spec, {
    eventDestination: { endpointType: 'WebHook', endpointUrl: 'https://127.0.0.1:1/events' },
  });
}

const everything = (plan: Plan): PlannedResource[] => [...plan.resources, ...plan.runOnce];
const position = (targets: readonly TeardownTarget[], fragment: RegExp) => {
  const index = targets.findIndex((t) => fragment.test(t.id));
  assert.ok(index >= 0, `no target matches ${fragment}`);
  return index;
};

describe('teardown targets', () => {
  for (const example of ['full', 'minimal'] as const) {
    test(`the ${example} example: every planned resource, once, in an order no dependency contradicts`, () => {
      const plan = planOf(example);
      const { targets, unplaced } = teardownTargets(everything(plan));
      assert.deepEqual(unplaced, []);
      assert.equal(targets.length, everything(plan).length);
      assert.equal(new Set(targets.map((t) => t.id.toLowerCase())).size, targets.length);
      assert.deepEqual(orderViolations(everything(plan), targets), []);
    });
  }

  test('deletes in the order Azure needs: events, gateway, groups, records, endpoint, database, registry, vault, zones, network, identities', () => {
    const { targets } = teardownTargets(everything(planOf('full')));
    const steps = [...new Set(targets.map((t) => t.step))];
    assert.deepEqual(
      steps,
      TEARDOWN_STEPS.map((s) => s.name),
    );
    const order = [
      /eventSubscriptions\/evgs-/,
      /systemTopics\/evgt-[^/]+$/,
      /applicationGateways\/agw-/,
      /containerGroups\/ci-contoso-prod-app-1$/,
      /dnsZones\/contoso\.example\/CNAME\/app$/,
      /privateEndpoints\/pe-sql-[^/]+$/,
      /databases\/appdb$/,
      /servers\/sql-[^/]+$/,
      /registries\/acr[^/]+$/,
      /vaults\/kv-[^/]+$/,
      /virtualNetworkLinks\/vnet-contoso-prod$/,
      /privateDnsZones\/prod\.contoso\.internal$/,
      /virtualNetworks\/vnet-contoso-prod$/,
      /natGateways\/ng-contoso-prod$/,
      /publicIPAddresses\/pip-ng-contoso-prod$/,
      /userAssignedIdentities\/id-contoso-prod-app$/,
    ].map((fragment) => position(targets, fragment));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });

  test('deletes each role assignment just before the resource it is scoped to, and before its identity', () => {
    const { targets } = teardownTargets(everything(planOf('full')));
    const assignments = targets.filter((t) => /roleAssignments/i.test(t.type));
    assert.ok(assignments.length > 0);
    for (const assignment of assignments) {
      const scope = assignment.id.split('/providers/Microsoft.Authorization/')[0] ?? '';
      const holder = targets.find(
        (t) => !/roleAssignments/i.test(t.type) && (scope === t.id || scope.startsWith(`${t.id}/`)),
      );
      assert.ok(holder, assignment.id);
      assert.equal(assignment.step, holder.step, assignment.id);
      assert.ok(assignment.wave < holder.wave, `${assignment.id} goes before ${holder.id}`);
      assert.equal(assignment.owner, 'assignment');
      assert.ok(
        targets.indexOf(assignment) <
          position(targets, /userAssignedIdentities\/id-contoso-prod-app$/),
      );
    }
  });

  test('records how each target records its owner: tags, metadata, a parent, a role assignment, shared', () => {
    const { targets } = teardownTargets(everything(planOf('full')));
    const ownerOf = (fragment: RegExp) => targets[position(targets, fragment)]?.owner;
    assert.equal(ownerOf(/containerGroups\/ci-contoso-prod-app-1$/), 'tags');
    assert.equal(ownerOf(/CNAME\/app$/), 'metadata');
    assert.equal(ownerOf(/privateDnsZoneGroups\/default$/), 'parent');
    assert.equal(ownerOf(/eventSubscriptions\/evgs-/), 'parent');
    assert.equal(ownerOf(/privateDnsZones\/privatelink\.database\.windows\.net$/), 'shared');
  });

  test("puts what a listing found in its type's step, first wave, and never twice", () => {
    const plan = planOf('full');
    const zone = plan.resources.find((r) => /prod\.contoso\.internal$/.test(r.id))?.id ?? '';
    const cname = plan.resources.find((r) => /CNAME\/app$/.test(r.id))?.id ?? '';
    const { targets } = teardownTargets(everything(plan), [
      {
        id: `${zone}/A/app-1`,
        type: 'Microsoft.Network/privateDnsZones/A',
        apiVersion: 'v',
        owner: 'metadata',
      },
      {
        id: cname.replace('dnsZones', 'dnszones'),
        type: 'Microsoft.Network/dnsZones/CNAME',
        apiVersion: 'v',
        owner: 'metadata',
      },
      {
        id: `${zone}/unknown/thing`,
        type: 'Microsoft.Example/unknown',
        apiVersion: 'v',
        owner: 'tags',
      },
    ]);
    const record = targets.find((t) => t.id.endsWith('/A/app-1'));
    assert.deepEqual(
      { step: record?.step, wave: record?.wave, discovered: record?.discovered },
      { step: 'dns-records', wave: 0, discovered: true },
    );
    assert.equal(
      targets.filter((t) => /CNAME\/app$/i.test(t.id)).length,
      1,
      'the planned one only',
    );
    assert.equal(
      targets.some((t) => t.type === 'Microsoft.Example/unknown'),
      false,
    );
  });
});

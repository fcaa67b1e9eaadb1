import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  resourcesOfStage,
  STAGES,
  stageGraph,
  stageOf,
  stageWaves,
} from '../../../src/provisioning/stage-graph.js';
import { examplePlan } from '../plan/helpers.js';

describe('provisioning stages', () => {
  const plan = examplePlan('full');
  const waves = stageWaves(stageGraph(plan));
  const waveOf = new Map(waves.flatMap((wave, i) => wave.map((s) => [s, i] as const)));

  test('give every planned resource to exactly one stage', () => {
    const assigned = STAGES.flatMap((s) => resourcesOfStage(plan, s).map((r) => r.id));
    assert.deepEqual([...assigned].sort(), plan.resources.map((r) => r.id).sort());
  });

  test('write a role assignment together with the resource it is scoped to, or lies in', () => {
    const roles = plan.resources.filter(
      (r) => r.type === 'Microsoft.Authorization/roleAssignments',
    );
    assert.equal(roles.length, 11);
    for (const role of roles) {
      const scope = role.id.split('/providers/Microsoft.Authorization/')[0]!.toLowerCase();
      // A grant on the certificate's secret goes with its vault: the secret is no planned resource.
      const resource = scope.replace(/\/secrets\/[^/]+$/, '');
      const target = plan.resources.find((r) => r.id.toLowerCase() === resource);
      assert.ok(target, `${role.id} is scoped to a planned resource`);
      assert.equal(stageOf(role, plan), stageOf(target, plan), `${role.name} on ${target.name}`);
    }
    assert.deepEqual([...new Set(roles.map((r) => stageOf(r, plan)))].sort(), [
      'container-groups',
      'key-vault',
      'registry',
    ]);
  });

  test('run a stage only after the stages of everything its resources depend on', () => {
    for (const resource of plan.resources) {
      const own = waveOf.get(stageOf(resource, plan))!;
      for (const dep of resource.dependsOn) {
        const target = plan.resources.find((r) => r.id === dep)!;
        assert.ok(
          waveOf.get(stageOf(target, plan))! <= own,
          `${resource.name} before ${target.name}`,
        );
      }
    }
  });

  test('issue the certificate before the containers and the gateway that read it', () => {
    assert.ok(waveOf.get('certificate')! < waveOf.get('container-groups')!);
    assert.ok(waveOf.get('certificate')! < waveOf.get('gateway')!);
    assert.ok(waveOf.get('key-vault')! < waveOf.get('certificate')!);
  });

  test('create the gateway beside the container groups, and fill its pools once both are done', () => {
    // The gateway's create (minutes) does not wait for the groups' IPs; one update writes them.
    assert.equal(waveOf.get('gateway'), waveOf.get('container-groups'));
    assert.ok(waveOf.get('container-groups')! < waveOf.get('gateway-backends')!);
    assert.ok(waveOf.get('gateway')! < waveOf.get('gateway-backends')!);
  });

  test('register the resource providers first: every other stage waits for them', () => {
    for (const node of stageGraph(plan).filter((n) => n.name !== 'resource-providers'))
      assert.ok(node.dependsOn.includes('resource-providers'), `${node.name} waits`);
    assert.deepEqual(waves[0], ['resource-providers']);
  });

  test('run independent stages side by side and verify last', () => {
    assert.deepEqual(waves, [
      ['resource-providers'],
      ['identities', 'network', 'event-grid'],
      ['private-dns', 'key-vault', 'registry', 'public-dns'],
      ['database', 'certificate'],
      ['database-migration', 'container-groups', 'gateway'],
      ['group-dns-records', 'gateway-backends'],
      ['verify'],
    ]);
  });

  test('refuse a cycle with the stages caught in it', () => {
    assert.throws(
      () =>
        stageWaves([
          { name: 'network', dependsOn: ['gateway'] },
          { name: 'gateway', dependsOn: ['network'] },
        ]),
      /cycle: network, gateway/,
    );
  });
});

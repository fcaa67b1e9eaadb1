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

  test('issue the certificate before the containers and the gateway configuration that read it', () => {
    assert.ok(waveOf.get('certificate')! < waveOf.get('container-groups')!);
    assert.ok(waveOf.get('certificate')! < waveOf.get('gateway-configuration')!);
    assert.ok(waveOf.get('key-vault')! < waveOf.get('certificate')!);
    assert.ok(waveOf.get('key-vault')! < waveOf.get('gateway-configuration')!);
  });

  test('create the gateway as soon as its network and identity exist, and configure it once the certificate and the groups are done', () => {
    // The gateway's create (six minutes) waits neither for the vault, nor the certificate, nor
    // the groups' IPs; one update adds the HTTPS listener and fills the pools.
    const gateway = stageGraph(plan).find((n) => n.name === 'gateway')!;
    assert.deepEqual(gateway.dependsOn, ['resource-providers', 'identities', 'network']);
    for (const before of ['gateway', 'certificate', 'container-groups'] as const)
      assert.ok(waveOf.get(before)! < waveOf.get('gateway-configuration')!, before);
  });

  test('prune only once the gateway configuration wrote pools of the planned groups alone', () => {
    const prune = stageGraph(plan).find((n) => n.name === 'prune')!;
    assert.deepEqual(prune.dependsOn, ['resource-providers', 'gateway-configuration']);
    assert.ok(waveOf.get('gateway-configuration')! < waveOf.get('prune')!);
    assert.ok(waveOf.get('prune')! < waveOf.get('verify')!);
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
      ['private-dns', 'key-vault', 'registry', 'gateway', 'public-dns'],
      ['database', 'certificate'],
      ['database-migration', 'container-groups'],
      ['group-dns-records', 'gateway-configuration'],
      ['prune'],
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

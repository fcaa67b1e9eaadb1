// A stage's resources are written side by side, each once those it needs are written: a stage
// takes as long as its longest chain of dependent operations, not the sum of them all.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArmResource } from '../../../src/azure/resources.js';
import { applyContext, applyResources } from '../../../src/environments/index.js';
import { resourcesOfStage } from '../../../src/provisioning/stage-graph.js';
import { examplePlan, only } from '../plan/helpers.js';
import { nextTurn, turnStore } from './turn-store.js';

const plan = examplePlan('minimal');
const vnet = only(plan, 'Microsoft.Network/virtualNetworks');
const privateDns = resourcesOfStage(plan, 'private-dns');
const short = (id: string) => id.split('/providers/')[1] ?? id;

/**
 * A store where only the VNet exists; each PUT ends on the next turn of the event loop, or fails
 * when its id matches `failing`. `events` records each PUT's start and end.
 */
function store(events: string[], failing?: RegExp) {
  const existing: ArmResource = { id: vnet.id, ...structuredClone(vnet.body) };
  return turnStore(
    (id) => (id.toLowerCase() === vnet.id.toLowerCase() ? existing : undefined),
    async (id) => {
      events.push(`start ${short(id)}`);
      await nextTurn();
      events.push(`end ${short(id)}`);
      if (failing?.test(id)) throw new Error(`PUT ${short(id)} refused`);
    },
  );
}

describe("applying a stage's resources", () => {
  test('writes independent resources at once, and a child only once its parent is written', async () => {
    const zones = privateDns.filter((r) => r.type === 'Microsoft.Network/privateDnsZones');
    const links = privateDns.filter((r) => r.type.endsWith('/virtualNetworkLinks'));
    assert.equal(zones.length, 2);
    assert.equal(links.length, 2);
    const events: string[] = [];
    const applied = await applyResources(applyContext(store(events), plan, {}), privateDns);
    // Answers in plan order, whatever order the writes ended in.
    assert.deepEqual(
      applied.map((a) => a.id),
      privateDns.map((r) => r.id),
    );
    const at = (event: string) => events.indexOf(event);
    // Both zones are sent before either has answered.
    for (const zone of zones)
      for (const other of zones)
        assert.ok(at(`start ${short(zone.id)}`) < at(`end ${short(other.id)}`), events.join('\n'));
    for (const link of links) {
      const zone = zones.find((z) => link.id.startsWith(`${z.id}/`))!;
      assert.ok(at(`end ${short(zone.id)}`) < at(`start ${short(link.id)}`), events.join('\n'));
    }
  });

  test('a failed write fails the stage once every other write has ended, and writes nothing that needs it', async () => {
    const events: string[] = [];
    const failedZone = privateDns.find((r) => r.type === 'Microsoft.Network/privateDnsZones')!;
    await assert.rejects(
      applyResources(
        applyContext(store(events, new RegExp(`${failedZone.name}$`)), plan, {}),
        privateDns,
      ),
      new RegExp(`PUT ${short(failedZone.id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} refused`),
    );
    const starts = events.filter((e) => e.startsWith('start ')).length;
    const ends = events.filter((e) => e.startsWith('end ')).length;
    assert.equal(starts, ends, 'a write still running when the stage failed');
    assert.ok(
      !events.some((e) => e.startsWith(`start ${short(failedZone.id)}/`)),
      events.join('\n'),
    );
  });
});

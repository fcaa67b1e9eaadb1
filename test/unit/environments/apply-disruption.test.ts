// Changes that take a container group out of service (an update in place restarts it) go one
// group at a time, each inside the context's hook; the first that fails stops the rest.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StillRunning } from '../../../src/activity-deadline.js';
import type { ArmResource } from '../../../src/azure/resources.js';
import { restartsOnUpdate } from '../../../src/environments/disruption.js';
import {
  applyContext,
  applyResources,
  resolvedBody,
  type ApplyContext,
} from '../../../src/environments/index.js';
import { findReferences, type JsonObject, type PlannedResource } from '../../../src/plan/index.js';
import { examplePlan, ofType } from '../plan/helpers.js';
import { nextTurn, turnStore } from './turn-store.js';

const plan = examplePlan('full');
const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';
const GROUP_ID = /\/containerGroups\//i;
const groups = ofType(plan, GROUP_TYPE);
const name = (id: string) => id.split('/').at(-1) ?? id;

/**
 * Every other resource the groups depend on exists (the stages before wrote it), answering each
 * value the group bodies reference (an identity's clientId, the vault's URI, …).
 */
function dependency(id: string): ArmResource {
  const properties: Record<string, string> = {};
  for (const r of groups.flatMap((g) => findReferences(g.body)))
    if (r.kind === 'ref' && r.resourceId.toLowerCase() === id.toLowerCase())
      properties[r.path.replace(/^properties\./, '')] = `${r.path}-of-${name(id)}`;
  return { id, properties };
}

/** Each group as it runs now: its planned body with older images, or absent. */
async function deployed(absent: ReadonlySet<string>): Promise<Map<string, ArmResource>> {
  const ctx = applyContext(store(new Map(), [], undefined), plan, {});
  const existing = new Map<string, ArmResource>();
  for (const group of groups) {
    if (absent.has(group.name)) continue;
    const body = structuredClone(await resolvedBody(ctx, group)) as JsonObject & {
      properties: { containers: { name: string; properties: { image: string } }[] };
    };
    for (const c of body.properties.containers) c.properties.image = `${c.properties.image}-old`;
    existing.set(group.id.toLowerCase(), {
      id: group.id,
      ...body,
      properties: { ...body.properties, provisioningState: 'Succeeded' },
    });
  }
  return existing;
}

/** A store of `existing` groups; PUTs end on the next turn, and fail for ids matching `failing`. */
function store(existing: Map<string, ArmResource>, events: string[], failing: RegExp | undefined) {
  return turnStore(
    (id) => existing.get(id.toLowerCase()) ?? (GROUP_ID.test(id) ? undefined : dependency(id)),
    async (id) => {
      events.push(`put ${name(id)}`);
      await nextTurn();
      if (failing?.test(id)) throw new Error(`PUT containerGroups/${name(id)} failed`);
    },
  );
}

function context(existing: Map<string, ArmResource>, events: string[], failing?: RegExp) {
  const ctx: ApplyContext = applyContext(store(existing, events, failing), plan, {});
  ctx.aroundDisruption = async (moment: 'before' | 'after', planned: PlannedResource) => {
    events.push(`${moment} ${planned.name}`);
    await nextTurn();
  };
  return ctx;
}

describe('disruptive changes of container groups', () => {
  test('only an update of a container group restarts it', () => {
    assert.equal(restartsOnUpdate(GROUP_TYPE), true);
    assert.equal(restartsOnUpdate(GROUP_TYPE.toLowerCase()), true);
    assert.equal(restartsOnUpdate('Microsoft.Network/privateDnsZones/A'), false);
  });

  test('updates groups in place one at a time, each between its before and after hooks', async () => {
    assert.ok(groups.length >= 4, 'the full example has three app groups and a dashboard');
    const events: string[] = [];
    await applyResources(context(await deployed(new Set()), events), groups);
    assert.equal(events.length, groups.length * 3, events.join('\n'));
    for (let i = 0; i < events.length; i += 3) {
      const group = events[i]!.split(' ')[1]!;
      assert.deepEqual(events.slice(i, i + 3), [
        `before ${group}`,
        `put ${group}`,
        `after ${group}`,
      ]);
    }
  });

  test('creates groups at once, without hooks: creation is not disruption', async () => {
    const events: string[] = [];
    await applyResources(
      context(await deployed(new Set(groups.map((g) => g.name))), events),
      groups,
    );
    assert.deepEqual(
      events.filter((e) => !e.startsWith('put ')),
      [],
    );
    // All sent before the first has answered.
    assert.equal(events.length, groups.length);
  });

  test('the first group whose update fails stops the roll, named, and no later group is touched', async () => {
    const events: string[] = [];
    const failing = groups[1]!;
    await assert.rejects(
      applyResources(
        context(await deployed(new Set()), events, new RegExp(`${failing.name}$`)),
        groups,
      ),
      new RegExp(`PUT containerGroups/${failing.name} failed`),
    );
    const failedAt = events.indexOf(`put ${failing.name}`);
    assert.ok(failedAt >= 0, events.join('\n'));
    assert.deepEqual(events.slice(failedAt + 1), [], 'a group changed after the failure');
  });

  test('a group that is only not ready yet stops nothing, and a failure wins over it', async () => {
    const events: string[] = [];
    const waiting = groups[0]!;
    const failing = groups[2]!;
    const ctx = context(await deployed(new Set()), events, new RegExp(`${failing.name}$`));
    ctx.aroundDisruption = (moment, planned) => {
      events.push(`${moment} ${planned.name}`);
      return moment === 'before' && planned.name === waiting.name
        ? Promise.reject(new StillRunning(`waiting before ${planned.name}`))
        : Promise.resolve();
    };
    await assert.rejects(applyResources(ctx, groups), new RegExp(`${failing.name} failed`));
    assert.ok(events.includes(`put ${failing.name}`), events.join('\n'));
  });

  test('a group whose last operation failed is updated again, even with the same body', async () => {
    const events: string[] = [];
    const existing = await deployed(new Set());
    const group = groups[0]!;
    const ctx = applyContext(store(existing, events, undefined), plan, {});
    const same = { id: group.id, ...(await resolvedBody(ctx, group)) } as ArmResource;
    existing.set(group.id.toLowerCase(), {
      ...same,
      properties: { ...same.properties, provisioningState: 'Failed' },
    });
    const [applied] = await applyResources(context(existing, events), [group]);
    assert.deepEqual(applied?.drift, ['provisioningState Failed']);
    assert.deepEqual(events, [`before ${group.name}`, `put ${group.name}`, `after ${group.name}`]);
  });
});

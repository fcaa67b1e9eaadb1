// Which existing resources the apply may change, for every way a resource records its owner, and
// the conditional headers each write carries.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArmResource, ResourceStore } from '../../../src/azure/resources.js';
import { applyContext, applyResource } from '../../../src/environments/index.js';
import { deleteOwned } from '../../../src/environments/ownership-delete.js';
import {
  groupRecords,
  onSystemTopic,
  planIds,
  type JsonObject,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { examplePlan, exampleSpec, ofType } from '../plan/helpers.js';

const spec = exampleSpec('full');
const plan = examplePlan('full');
const ids = planIds(spec);
const OURS = { 'aci-vnet-sidecars-environment': 'contoso-prod', 'managed-by': 'aci-vnet-sidecars' };
const PRINCIPAL = '11111111-1111-1111-1111-111111111111';

/** A store holding `resources` by id, recording every write with its conditions. */
function storeWith(resources: ArmResource[]) {
  const held = new Map(resources.map((r) => [r.id?.toLowerCase() ?? '', structuredClone(r)]));
  const sent: string[] = [];
  const store: ResourceStore = {
    get: (id) => Promise.resolve(structuredClone(held.get(id.toLowerCase()))),
    put: (id, _api, body, options) => {
      sent.push(`PUT ${id.split('/').slice(-2).join('/')} ${JSON.stringify(options ?? {})}`);
      const stored = { ...structuredClone(body), id, etag: '"new"' } as ArmResource;
      held.set(id.toLowerCase(), stored);
      return Promise.resolve(stored);
    },
    delete: (id, _api, options) => {
      sent.push(`DELETE ${id.split('/').slice(-2).join('/')} ${JSON.stringify(options ?? {})}`);
      held.delete(id.toLowerCase());
      return Promise.resolve();
    },
    list: () => Promise.reject(new Error('no list expected')),
  };
  return { store, sent };
}

/** The resource as Azure would hold it, body and all, with `changes` over it. */
function existing(planned: PlannedResource, changes: JsonObject = {}): ArmResource {
  return { ...structuredClone(planned.body), id: planned.id, etag: '"1"', ...changes };
}

/** Every identity the plan creates, with a principal id, so role assignment bodies resolve. */
const identities = ofType(plan, 'Microsoft.ManagedIdentity/userAssignedIdentities').map((r) =>
  existing(r, { properties: { principalId: PRINCIPAL, tenantId: 't' } }),
);
const params = {
  deployerPrincipalId: PRINCIPAL,
  eventHandlerFunctionId:
    '/subscriptions/s/resourceGroups/rg-app/providers/Microsoft.Web/sites/app/functions/onContainerGroupEvent',
};

describe('the apply and what it may change', () => {
  test('refuses a role assignment at the planned id that grants another principal, and keeps one that grants ours', async () => {
    const assignment = ofType(plan, 'Microsoft.Authorization/roleAssignments')[0]!;
    const body = assignment.body.properties as JsonObject;
    const foreign = existing(assignment, {
      properties: { ...body, principalId: '22222222-2222-2222-2222-222222222222' },
    });
    const refused = storeWith([...identities, foreign]);
    await assert.rejects(
      applyResource(applyContext(refused.store, plan, params), assignment),
      /\[validation\/NotOwned\] roleAssignments\/.* it grants role .* to principal 22222222-2222-2222-2222-222222222222, not role .* to principal 11111111-/,
    );
    assert.deepEqual(refused.sent, []);
    const ours = existing(assignment, {
      properties: { ...body, principalId: PRINCIPAL, principalType: 'User' },
    });
    const kept = storeWith([...identities, ours]);
    await applyResource(applyContext(kept.store, plan, params), assignment);
    assert.equal(kept.sent.length, 1, 'our assignment is brought to the planned body');
  });

  test("changes a child without tags only when its parent is this environment's", async () => {
    const group = plan.resources.find((r) => r.type.endsWith('/privateDnsZoneGroups'))!;
    const endpoint = plan.resources.find((r) => r.id === ids.sqlPrivateEndpoint)!;
    const drifted = existing(group, { properties: { privateDnsZoneConfigs: [] } });
    const foreignParent = storeWith([existing(endpoint, { tags: { team: 'data' } }), drifted]);
    await assert.rejects(
      applyResource(applyContext(foreignParent.store, plan, params), group),
      /\[validation\/NotOwned\] privateEndpoints\/.*\/privateDnsZoneGroups\/default .* its parent privateEndpoints\/\S+ is not: it carries tags \{team=data\}/,
    );
    assert.deepEqual(foreignParent.sent, []);
    const ourParent = storeWith([existing(endpoint), drifted]);
    await applyResource(applyContext(ourParent.store, plan, params), group);
    assert.deepEqual(ourParent.sent, ['PUT privateDnsZoneGroups/default {}']);
  });

  test('on a system topic of another environment, changes only the event subscription that selects our groups', async () => {
    const otherTopic = ids.eventGridSystemTopic.replace(/evgt-[^/]+$/, 'evgt-other-resource-group');
    const moved = onSystemTopic(
      plan.resources.filter((r) => r.area === 'event-grid'),
      otherTopic,
    );
    const subscription = moved.find((r) => r.type.endsWith('/eventSubscriptions'))!;
    const properties = subscription.body.properties as JsonObject;
    const theirs = existing(subscription, {
      properties: { ...properties, filter: { subjectBeginsWith: '/subscriptions/x/other-groups' } },
    });
    const refused = storeWith([theirs]);
    const context = (store: ResourceStore) =>
      applyContext(store, { ...plan, resources: [...plan.resources, ...moved] }, params);
    await assert.rejects(
      applyResource(context(refused.store), subscription),
      /\[validation\/NotOwned\] .*eventSubscriptions\/evgs-contoso-prod-container-groups .* it selects subjects beginning with \/subscriptions\/x\/other-groups, not this environment's container groups/,
    );
    assert.deepEqual(refused.sent, []);
    const ours = existing(subscription, {
      properties: { ...properties, retryPolicy: { maxDeliveryAttempts: 1 } },
    });
    const kept = storeWith([ours]);
    await applyResource(context(kept.store), subscription);
    assert.equal(kept.sent.length, 1);
  });

  test("uses the resource group's SQL private zone another environment created as it is", async () => {
    const zone = plan.resources.find((r) => r.id === ids.sqlPrivateZone)!;
    const lines: string[] = [];
    const { store, sent } = storeWith([
      existing(zone, { tags: { ...OURS, 'aci-vnet-sidecars-environment': 'contoso-dev' } }),
    ]);
    const applied = await applyResource(
      applyContext(store, plan, params, (l) => lines.push(l)),
      zone,
    );
    assert.equal(applied.changed, false);
    assert.deepEqual(sent, []);
    assert.match(
      lines.join('\n'),
      /using privateDnsZones\/privatelink\.database\.windows\.net as it is/,
    );
  });

  test('creates If-None-Match * and updates If-Match the etag read, only where the REST spec defines them', async () => {
    const [record] = groupRecords(
      spec,
      new Map([[ids.appContainerGroups[0]!.toLowerCase(), '192.168.2.7']]),
    );
    const vnet = plan.resources.find((r) => r.id === ids.virtualNetwork)!;
    const fresh = storeWith([]);
    await applyResource(applyContext(fresh.store, plan, params), record!);
    await applyResource(applyContext(fresh.store, plan, params), vnet);
    const drifted = storeWith([
      existing(record!, { etag: '"7"', properties: { ttl: 1, metadata: OURS } }),
    ]);
    await applyResource(applyContext(drifted.store, plan, params), record!);
    assert.deepEqual(
      [...fresh.sent, ...drifted.sent].map((s) => s.replace(/^PUT \S+/, 'PUT')),
      ['PUT {"ifNoneMatch":"*"}', 'PUT {}', 'PUT {"ifMatch":"\\"7\\""}'],
    );
  });
});

describe('deleting what the plan no longer wants', () => {
  const target = {
    id: `${ids.appPrivateZone}/A/app-1`,
    type: 'Microsoft.Network/privateDnsZones/A',
    apiVersion: '2020-06-01',
    recordedIn: 'metadata' as const,
  };
  const record = (metadata: Record<string, string>): ArmResource => ({
    id: target.id,
    etag: '"5"',
    properties: { ttl: 10, aRecords: [{ ipv4Address: '192.168.2.7' }], metadata },
  });

  test('refuses a record set that is not ours and deletes ours If-Match its etag', async () => {
    const theirs = storeWith([record({ team: 'other' })]);
    await assert.rejects(
      deleteOwned(applyContext(theirs.store, plan, params), target),
      /\[validation\/NotOwned\] the DNS record set A app-1\.\S+ .* its metadata is \{team=other\}/,
    );
    assert.deepEqual(theirs.sent, []);
    const ours = storeWith([record(OURS)]);
    await deleteOwned(applyContext(ours.store, plan, params), target);
    assert.deepEqual(ours.sent, ['DELETE A/app-1 {"ifMatch":"\\"5\\""}']);
  });
});

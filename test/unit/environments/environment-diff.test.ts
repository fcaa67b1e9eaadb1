// The read-only comparison behind `aci-vnet-sidecars diff`, over an environment held in memory as
// Azure would hold it after a deployment.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArmResource, ResourceStore } from '../../../src/azure/resources.js';
import {
  applyContext,
  type EnvironmentContext,
  type ResourceDiff,
} from '../../../src/environments/index.js';
import { diffResources } from '../../../src/environments/environment-diff.js';
import {
  groupRecords,
  planIds,
  resolveReferences,
  SQL_PRIVATE_ZONE,
  withBackendAddresses,
  type JsonObject,
} from '../../../src/plan/index.js';
import type { AppServices } from '../../../src/services.js';
import { examplePlan, exampleSpec, ofType } from '../plan/helpers.js';

const spec = exampleSpec('minimal');
const plan = examplePlan('minimal');
const ids = planIds(spec);
const PARAMS = {
  deployerPrincipalId: '11111111-1111-1111-1111-111111111111',
  eventHandlerFunctionId:
    '/subscriptions/s/resourceGroups/rg-app/providers/Microsoft.Web/sites/app/functions/onContainerGroupEvent',
};
const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';
const GROUP_IPS = ['192.168.1.4', '192.168.1.5', '192.168.1.6'];

/** What ARM adds to a resource of a type and that other bodies reference. */
function readOnly(type: string, index: number, properties: JsonObject): JsonObject {
  switch (type) {
    case 'Microsoft.ManagedIdentity/userAssignedIdentities':
      return {
        principalId: `0000000${index}-0000-4000-8000-000000000000`,
        clientId: `c${index}`,
        tenantId: 't',
      };
    case 'Microsoft.ContainerRegistry/registries':
      return { loginServer: 'acr.azurecr.io' };
    case 'Microsoft.KeyVault/vaults':
      return { vaultUri: 'https://kv.vault.azure.net/' };
    case 'Microsoft.Network/publicIPAddresses':
      return {
        dnsSettings: {
          ...(properties.dnsSettings as JsonObject),
          fqdn: 'agw.westeurope.cloudapp.azure.com',
        },
      };
    default:
      return {};
  }
}

/** Every planned resource as a deployment leaves it: groups running on GROUP_IPS, pools and A records following them. */
function deployed(): Map<string, ArmResource> {
  const raw = new Map(
    plan.resources.map((r, i) => {
      const planned = r.body.properties as JsonObject;
      const properties = { ...planned, ...readOnly(r.type, i, planned) };
      return [r.id.toLowerCase(), { ...r.body, properties }];
    }),
  );
  const lookup = { resources: raw, params: { ...PARAMS, tenantId: 't' } };
  const held = new Map<string, ArmResource>();
  for (const r of plan.resources) {
    const resolved = resolveReferences(raw.get(r.id.toLowerCase())!, lookup);
    assert.ok(resolved.ok, resolved.ok ? '' : resolved.message);
    held.set(r.id.toLowerCase(), { ...resolved.value, id: r.id });
  }
  ofType(plan, GROUP_TYPE).forEach((g, i) => runsOn(held, g.id, GROUP_IPS[i]!));
  const gateway = held.get(ids.gateway.toLowerCase())!;
  held.set(ids.gateway.toLowerCase(), poolsOf(gateway, GROUP_IPS));
  for (const record of groupRecords(spec, ipsById(GROUP_IPS)))
    held.set(record.id.toLowerCase(), { ...record.body, id: record.id });
  return held;
}

function runsOn(held: Map<string, ArmResource>, groupId: string, ip: string): void {
  const group = held.get(groupId.toLowerCase())!;
  group.properties = {
    ...group.properties,
    ipAddress: { ...(group.properties?.ipAddress as object), ip },
  };
}

function ipsById(ips: readonly string[]): Map<string, string> {
  return new Map(ofType(plan, GROUP_TYPE).map((g, i) => [g.id.toLowerCase(), ips[i]!]));
}

/** The gateway with pools holding `ips`: app groups in `app`, the last group (the dashboard) in `dashboard`. */
function poolsOf(gateway: ArmResource, ips: readonly string[]): ArmResource {
  const groups = ofType(plan, GROUP_TYPE).length;
  const pools = { app: ips.slice(0, groups - 1), dashboard: ips.slice(groups - 1, groups) };
  return { ...withBackendAddresses(gateway as JsonObject, pools), id: ids.gateway };
}

/** A context over `held` whose store refuses every write. */
function context(held: Map<string, ArmResource>): EnvironmentContext {
  const refuse = () => Promise.reject(new Error('a diff writes nothing'));
  const store: ResourceStore = {
    get: (id) => Promise.resolve(structuredClone(held.get(id.toLowerCase()))),
    put: refuse,
    delete: refuse,
    list: refuse,
  };
  return {
    spec,
    plan,
    services: {} as AppServices,
    apply: applyContext(store, plan, { ...PARAMS }),
    log: () => undefined,
  };
}

const diffOf = async (held: Map<string, ArmResource>) =>
  diffResources(context(held), plan.resources);
const byId = (diffs: ResourceDiff[], id: string) =>
  diffs.find((d) => d.resource.id.toLowerCase() === id.toLowerCase());
const changed = (diffs: ResourceDiff[]) => diffs.filter((d) => d.change.action !== 'unchanged');

describe('comparing an environment with Azure, read-only', () => {
  test('finds nothing to change in a deployed environment, its A records and pools included', async () => {
    const diffs = await diffOf(deployed());
    assert.deepEqual(changed(diffs), []);
    const records = diffs.filter((d) => d.resource.type === 'Microsoft.Network/privateDnsZones/A');
    assert.deepEqual(
      records.map((d) => d.resource.name),
      ['app-1', 'app-2', 'dashboard'],
    );
  });

  test("a group on a new IP: its A record and the gateway's pool differ", async () => {
    const held = deployed();
    const [first] = ofType(plan, GROUP_TYPE);
    runsOn(held, first!.id, '192.168.1.9');
    const diffs = await diffOf(held);
    assert.deepEqual(
      changed(diffs).map((d) => [d.resource.name, d.change]),
      [
        [
          'agw-contoso-dev',
          {
            action: 'update',
            drift: [
              'properties.backendAddressPools[0].properties.backendAddresses[0].ipAddress',
              'properties.backendAddressPools[0].properties.backendAddresses[1].ipAddress',
            ],
          },
        ],
        ['app-1', { action: 'update', drift: ['properties.aRecords[0].ipv4Address'] }],
      ],
    );
  });

  test('what does not exist is created, and so is what references it; an existing resource referencing it cannot be compared', async () => {
    const held = deployed();
    held.delete(ids.appIdentity.toLowerCase());
    const grants = ofType(plan, 'Microsoft.Authorization/roleAssignments').filter((r) =>
      JSON.stringify(r.body).includes(`${ids.appIdentity}:`),
    );
    for (const grant of grants) held.delete(grant.id.toLowerCase());
    const diffs = await diffOf(held);
    assert.equal(byId(diffs, ids.appIdentity)?.change.action, 'create');
    for (const grant of grants)
      assert.deepEqual(byId(diffs, grant.id)?.change, { action: 'create' });
    const group = byId(diffs, ofType(plan, GROUP_TYPE)[0]!.id);
    assert.deepEqual(group?.change, { action: 'update', drift: [] });
    assert.match(
      group?.note ?? '',
      /^cannot be compared before userAssignedIdentities\/id-contoso-dev-app is created$/,
    );
  });

  test("another environment's resource at a planned id is a change a deployment refuses", async () => {
    const held = deployed();
    const vnet = held.get(ids.virtualNetwork.toLowerCase())!;
    held.set(ids.virtualNetwork.toLowerCase(), {
      ...vnet,
      tags: { 'aci-vnet-sidecars-environment': 'someone-else', 'managed-by': 'aci-vnet-sidecars' },
    });
    const diff = byId(await diffOf(held), ids.virtualNetwork);
    assert.equal(diff?.change.action, 'update');
    assert.match(
      diff?.note ?? '',
      /^not this environment's \(.*someone-else.*\): a deployment refuses to change it \(NotOwned\)$/,
    );
  });

  test('the SQL private zone another environment created is shared: used as it is, no change', async () => {
    const held = deployed();
    const zone = plan.resources.find((r) => r.name === SQL_PRIVATE_ZONE)!;
    const other = {
      'aci-vnet-sidecars-environment': 'contoso-test',
      'managed-by': 'aci-vnet-sidecars',
    };
    held.set(zone.id.toLowerCase(), { ...held.get(zone.id.toLowerCase())!, tags: other });
    const diff = byId(await diffOf(held), zone.id);
    assert.deepEqual(diff?.change, { action: 'unchanged' });
    assert.match(diff?.note ?? '', /^shared with another environment, used as it is/);
  });

  test('a resource whose last operation failed is written again, so it is an update', async () => {
    const held = deployed();
    const vnet = held.get(ids.virtualNetwork.toLowerCase())!;
    vnet.properties = { ...vnet.properties, provisioningState: 'Failed' };
    assert.deepEqual(byId(await diffOf(held), ids.virtualNetwork)?.change, {
      action: 'update',
      drift: ['provisioningState Failed'],
    });
  });
});

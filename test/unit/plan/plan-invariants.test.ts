import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  API_VERSIONS,
  armId,
  buildPlan,
  findReferences,
  findSecretLikeValues,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  ENVIRONMENT_TAG,
  ownershipTags,
  planIds,
  planProblems,
  resolveReferences,
  resourceGroupId,
  type Plan,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { EXAMPLES, examplePlan, exampleSpec } from './helpers.js';

const VARIANTS: [string, () => Plan][] = [
  ['minimal', () => examplePlan('minimal')],
  ['full', () => examplePlan('full')],
  [
    'full without NAT or dashboard',
    () =>
      examplePlan('full', {
        network: { natGateway: { enabled: false } },
        dashboard: { enabled: false },
      }),
  ],
  [
    'minimal with one instance and a Standard_v2 gateway',
    () => examplePlan('minimal', { app: { instances: 1 }, gateway: { sku: 'Standard_v2' } }),
  ],
];

function idStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && value.startsWith('/subscriptions/')) out.push(value);
  else if (Array.isArray(value)) for (const item of value) idStrings(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      idStrings(key, out);
      idStrings(item, out);
    }
  }
  return out;
}

/** The planned resource an id points into (itself or one of its child resources), if any. */
function owner(plan: Plan, id: string, self: PlannedResource): PlannedResource | undefined {
  const lower = id.toLowerCase();
  return plan.resources
    .filter((r) => r !== self)
    .filter((r) => lower === r.id.toLowerCase() || lower.startsWith(`${r.id.toLowerCase()}/`))
    .sort((a, b) => b.id.length - a.id.length)[0];
}

const UNTAGGED = new Set([
  'Microsoft.Authorization/roleAssignments',
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  'Microsoft.EventGrid/systemTopics/eventSubscriptions',
  'Microsoft.Network/dnsZones/CNAME',
  'Microsoft.Network/dnsZones/A',
]);

describe('every plan', () => {
  for (const [label, build] of VARIANTS) {
    test(`keeps every invariant (${label})`, () => {
      assert.deepEqual(planProblems(build()), []);
    });

    test(`lists a resource before everything that depends on it (${label})`, () => {
      const plan = build();
      const seen = new Set<string>();
      for (const r of plan.resources) {
        for (const d of r.dependsOn) assert.ok(seen.has(d), `${r.id} needs ${d} first`);
        seen.add(r.id);
      }
    });

    test(`depends on every resource its body references (${label})`, () => {
      const plan = build();
      for (const r of plan.resources) {
        for (const reference of findReferences(r.body)) {
          if (reference.kind === 'ref')
            assert.ok(
              r.dependsOn.includes(reference.resourceId),
              `${r.id} → ${reference.resourceId}`,
            );
        }
        for (const id of idStrings(r.body)) {
          const target = owner(plan, id, r);
          if (target)
            assert.ok(
              r.dependsOn.includes(target.id),
              `${r.id} points at ${id} without depending on ${target.id}`,
            );
        }
      }
    });

    test(`contains no secret-like value (${label})`, () => {
      assert.deepEqual(findSecretLikeValues(build().resources), []);
    });

    test(`resolves every reference once the referenced resources exist (${label})`, () => {
      const plan = build();
      const get = (r: PlannedResource) => ({
        id: r.id,
        name: r.name,
        properties: {
          principalId: 'aaaaaaaa-0000-0000-0000-000000000001',
          clientId: 'aaaaaaaa-0000-0000-0000-000000000002',
          vaultUri: `https://${r.name}.vault.azure.net/`,
          loginServer: `${r.name}.azurecr.io`,
          fullyQualifiedDomainName: `${r.name}.database.windows.net`,
          dnsSettings: { fqdn: `${r.name}.westeurope.cloudapp.azure.com` },
        },
      });
      const resources = new Map(plan.resources.map((r) => [r.id, get(r)]));
      const params = {
        tenantId: 'bbbbbbbb-0000-0000-0000-000000000000',
        eventHandlerFunctionId: '/subscriptions/x/functions/y',
        deployerPrincipalId: 'cccccccc-0000-0000-0000-000000000000',
      };
      for (const r of plan.resources) {
        const result = resolveReferences(r.body, { resources, params });
        assert.ok(result.ok, `${r.id}: ${result.ok ? '' : result.message}`);
        assert.ok(!JSON.stringify(result.value).includes('${'), r.id);
      }
    });
  }
});

describe('plan identity and metadata', () => {
  for (const example of EXAMPLES) {
    test(`gives each resource a full ARM id ending in its name, in the spec's subscription (${example})`, () => {
      const spec = exampleSpec(example);
      const plan = buildPlan(spec);
      const ids = new Set<string>();
      for (const r of plan.resources) {
        assert.ok(r.id.startsWith(`/subscriptions/${spec.subscriptionId}/resourceGroups/`), r.id);
        assert.ok(r.id.endsWith(`/${r.name}`), r.id);
        assert.ok(!ids.has(r.id.toLowerCase()), `${r.id} twice`);
        ids.add(r.id.toLowerCase());
      }
      assert.equal(plan.environment, spec.name);
      assert.equal(plan.resourceGroup, spec.resourceGroup);
    });

    test(`uses the api-version table for every resource (${example})`, () => {
      for (const r of examplePlan(example).resources)
        assert.equal(r.apiVersion, API_VERSIONS[r.type], r.id);
    });

    test(`tags every taggable resource as owned by the environment (${example})`, () => {
      const spec = exampleSpec(example);
      const expected = { [ENVIRONMENT_TAG]: spec.name, [MANAGED_BY_TAG]: MANAGED_BY_VALUE };
      for (const r of buildPlan(spec).resources) {
        if (UNTAGGED.has(r.type)) continue;
        assert.deepEqual(r.body.tags, expected, r.id);
      }
    });

    test(`writes bodies that fit ARM's generic resource shape, so any client can PUT them (${example})`, () => {
      const generic = new Set(['location', 'tags', 'sku', 'identity', 'properties']);
      for (const r of examplePlan(example).resources) {
        for (const key of Object.keys(r.body)) assert.ok(generic.has(key), `${r.id} has ${key}`);
      }
    });

    test(`produces byte-identical plans for the same spec (${example})`, () => {
      assert.equal(JSON.stringify(examplePlan(example)), JSON.stringify(examplePlan(example)));
      const spec = exampleSpec(example);
      assert.equal(JSON.stringify(buildPlan(spec)), JSON.stringify(buildPlan(spec)));
    });
  }

  test("derives every resource id from the spec's subscription, resource groups and names", () => {
    const rg = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-contoso-prod';
    const vnet = `${rg}/providers/Microsoft.Network/virtualNetworks/vnet-contoso-prod`;
    const sql = `${rg}/providers/Microsoft.Sql/servers/sql-contoso-prod-xo34pogk`;
    const group = (name: string) =>
      `${rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-prod-${name}`;
    assert.deepEqual(planIds(exampleSpec('full')), {
      appIdentity: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-prod-app`,
      dashboardIdentity: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-prod-dashboard`,
      sqlAdminIdentity: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-prod-sql-admin`,
      gatewayIdentity: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-contoso-prod-gateway`,
      virtualNetwork: vnet,
      natGateway: `${rg}/providers/Microsoft.Network/natGateways/ng-contoso-prod`,
      natGatewayPublicIp: `${rg}/providers/Microsoft.Network/publicIPAddresses/pip-ng-contoso-prod`,
      keyVault: `${rg}/providers/Microsoft.KeyVault/vaults/kv-contoso-prod-xo34pogk`,
      registry: `${rg}/providers/Microsoft.ContainerRegistry/registries/acrcontosoprodxo34pogk`,
      sqlServer: sql,
      sqlPrivateEndpoint: `${rg}/providers/Microsoft.Network/privateEndpoints/pe-sql-contoso-prod`,
      gateway: `${rg}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`,
      gatewayPublicIp: `${rg}/providers/Microsoft.Network/publicIPAddresses/pip-agw-contoso-prod`,
      wafPolicy: `${rg}/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf-contoso-prod`,
      eventGridSystemTopic: `${rg}/providers/Microsoft.EventGrid/systemTopics/evgt-contoso-prod-resource-group`,
      resourceGroup: rg,
      subnets: {
        gateway: `${vnet}/subnets/snet-gateway`,
        containers: `${vnet}/subnets/snet-containers`,
        privateEndpoints: `${vnet}/subnets/snet-private-endpoints`,
      },
      appPrivateZone: `${rg}/providers/Microsoft.Network/privateDnsZones/prod.contoso.internal`,
      sqlPrivateZone: `${rg}/providers/Microsoft.Network/privateDnsZones/privatelink.database.windows.net`,
      sqlDatabase: `${sql}/databases/appdb`,
      certificateSecret: `${rg}/providers/Microsoft.KeyVault/vaults/kv-contoso-prod-xo34pogk/secrets/app-contoso-example`,
      appContainerGroups: [group('app-1'), group('app-2'), group('app-3')],
      dashboardContainerGroup: group('dashboard'),
      publicDnsZone:
        '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones/contoso.example',
    });
  });

  test('builds child resource ids from a type and one name per type segment', () => {
    const rg = resourceGroupId('0000', 'rg');
    assert.equal(
      armId(rg, 'Microsoft.Network/privateDnsZones/A', 'zone.internal', 'app-1'),
      '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/zone.internal/A/app-1',
    );
    assert.throws(
      () => armId(rg, 'Microsoft.Network/privateDnsZones/A', 'zone.internal'),
      new Error('armId: type Microsoft.Network/privateDnsZones/A needs 2 names, got 1'),
    );
    assert.throws(
      () => armId(rg, 'Microsoft.Network/virtualNetworks', 'vnet', 'extra'),
      new Error('armId: type Microsoft.Network/virtualNetworks needs 1 names, got 2'),
    );
  });

  test('tags resources with the environment name and aci-vnet-sidecars as their manager', () => {
    assert.deepEqual(ownershipTags(exampleSpec('minimal')), {
      'aci-vnet-sidecars-environment': 'contoso-dev',
      'managed-by': 'aci-vnet-sidecars',
    });
  });

  test('uses tag names that ARM and Azure DNS accept (no slash, only letters, digits, . - _)', () => {
    for (const key of [ENVIRONMENT_TAG, MANAGED_BY_TAG]) assert.match(key, /^[a-z][a-z0-9._-]*$/);
  });
});

describe('planProblems on a broken plan', () => {
  /** The minimal plan with one change made by `breakIt`. */
  function broken(breakIt: (resources: PlannedResource[]) => void): string[] {
    const plan = structuredClone(examplePlan('minimal'));
    breakIt(plan.resources);
    return planProblems(plan);
  }
  const byType = (resources: PlannedResource[], type: string) =>
    resources.find((r) => r.type === type)!;
  const vnetId = byType(examplePlan('minimal').resources, 'Microsoft.Network/virtualNetworks').id;

  test('reports a resource planned twice, whatever the case of its id', () => {
    const problems = broken((resources) => {
      const vnet = byType(resources, 'Microsoft.Network/virtualNetworks');
      resources.push({ ...vnet, id: vnet.id.toUpperCase() });
    });
    assert.deepEqual(
      problems.filter((p) => p.endsWith('is planned twice')),
      [`${vnetId.toUpperCase()} is planned twice`],
    );
  });

  test('reports a dependency that is not planned, and one planned after its dependent', () => {
    const missing = broken((resources) => {
      byType(resources, 'Microsoft.Network/virtualNetworks').dependsOn.push(
        '/subscriptions/x/nope',
      );
    });
    assert.deepEqual(missing, [`${vnetId} depends on /subscriptions/x/nope, which is not planned`]);
    const late = broken((resources) => {
      const at = resources.findIndex(
        (r) => r.type === 'Microsoft.ManagedIdentity/userAssignedIdentities',
      );
      resources.push(...resources.splice(at, 1));
    });
    assert.ok(
      late.some((p) =>
        /comes before its dependency .*userAssignedIdentities\/id-contoso-dev-app$/.test(p),
      ),
      late.join('\n'),
    );
  });

  test('does not see ids that only full Unicode upper-casing would merge (ß is not SS) as one resource, as ARM does not', () => {
    const resource = (id: string): PlannedResource => ({
      id,
      type: 'Microsoft.KeyVault/vaults',
      apiVersion: '2026-02-01',
      name: id.slice(id.lastIndexOf('/') + 1),
      area: 'key-vault',
      body: {},
      dependsOn: [],
    });
    const rg = '/subscriptions/0000/resourceGroups';
    const plan: Plan = {
      environment: 'e',
      subscriptionId: '0000',
      resourceGroup: 'rg-straße',
      warnings: [],
      runOnce: [],
      resources: [
        resource(`${rg}/rg-straße/providers/Microsoft.KeyVault/vaults/kv`),
        resource(`${rg}/RG-STRASSE/providers/Microsoft.KeyVault/vaults/kv`),
      ],
    };
    assert.deepEqual(planProblems(plan), []);
  });

  test('reports a resource that depends on itself', () => {
    const problems = broken((resources) => {
      const vnet = byType(resources, 'Microsoft.Network/virtualNetworks');
      vnet.dependsOn.push(vnet.id.toLowerCase());
    });
    assert.deepEqual(problems, [`${vnetId} comes before its dependency ${vnetId.toLowerCase()}`]);
  });

  test('reports a reference to a resource the body does not depend on', () => {
    const problems = broken((resources) => {
      const group = byType(resources, 'Microsoft.ContainerInstance/containerGroups');
      group.dependsOn = group.dependsOn.filter((d) => !d.includes('userAssignedIdentities'));
    });
    assert.ok(problems.length > 0);
    for (const problem of problems)
      assert.match(
        problem,
        /containerGroups\/ci-contoso-dev-app-1 references .*userAssignedIdentities.* without depending on it$/,
      );
  });

  test('reports a secret-like value in a body, with its path', () => {
    let serverId = '';
    const problems = broken((resources) => {
      const server = byType(resources, 'Microsoft.Sql/servers');
      serverId = server.id;
      (server.body.properties as Record<string, unknown>).administratorLoginPassword = 'P@ssw0rd!';
    });
    assert.deepEqual(problems, [
      `${serverId} has a password field at $.properties.administratorLoginPassword`,
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BUILT_IN_ROLES, buildPlan, planIds, ref } from '../../../src/plan/index.js';
import { deterministicGuid } from '../../../src/spec/index.js';
import { EXAMPLES, exampleSpec, ofType } from './helpers.js';

const ROLE_TYPE = 'Microsoft.Authorization/roleAssignments';

describe('identities and role assignments', () => {
  test('creates the workload and gateway identities in the spec location', () => {
    const spec = exampleSpec('full');
    const identities = ofType(buildPlan(spec), 'Microsoft.ManagedIdentity/userAssignedIdentities');
    assert.deepEqual(
      identities.map((r) => r.name),
      [spec.names.workloadIdentity, spec.names.gatewayIdentity],
    );
    for (const r of identities) assert.equal(r.body.location, spec.location);
  });

  test('verifies the built-in role definition GUIDs', () => {
    assert.deepEqual(BUILT_IN_ROLES, {
      acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
      keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
      privateDnsZoneContributor: 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
      reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
      keyVaultCertificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985',
      keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    });
  });

  for (const example of EXAMPLES) {
    test(`grants exactly the least-privilege set of roles (${example})`, () => {
      const spec = exampleSpec(example);
      const ids = planIds(spec);
      const groups = [...ids.appContainerGroups, ids.dashboardContainerGroup];
      const expected = [
        [ids.registry, ids.workloadIdentity, BUILT_IN_ROLES.acrPull],
        [ids.keyVault, ids.workloadIdentity, BUILT_IN_ROLES.keyVaultSecretsUser],
        [ids.keyVault, ids.gatewayIdentity, BUILT_IN_ROLES.keyVaultSecretsUser],
        ...groups.map((g) => [g, ids.workloadIdentity, BUILT_IN_ROLES.reader]),
        [ids.keyVault, 'deployer', BUILT_IN_ROLES.keyVaultCertificatesOfficer],
        [ids.keyVault, 'deployer', BUILT_IN_ROLES.keyVaultSecretsOfficer],
      ].map(([scope, identity, role]) => {
        const definition = `/subscriptions/${spec.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
        const name = deterministicGuid(scope!, identity!, definition);
        return {
          id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          name,
          body: {
            properties: {
              roleDefinitionId: definition,
              principalId:
                identity === 'deployer'
                  ? '${param:deployerPrincipalId}'
                  : ref(identity!, 'properties.principalId'),
              principalType: 'ServicePrincipal',
            },
          },
        };
      });
      const actual = ofType(buildPlan(spec), ROLE_TYPE).map(({ id, name, body }) => ({
        id,
        name,
        body,
      }));
      const sort = <T extends { id: string }>(items: T[]) =>
        [...items].sort((a, b) => a.id.localeCompare(b.id));
      assert.deepEqual(sort(actual), sort(expected));
    });
  }

  test('gives no identity write access to any DNS zone: only this app writes the records', () => {
    const plan = buildPlan(exampleSpec('full'));
    const dns = ofType(plan, ROLE_TYPE).filter(
      (r) =>
        JSON.stringify(r.body).includes(BUILT_IN_ROLES.privateDnsZoneContributor) ||
        /privateDnsZones|dnsZones/i.test(r.scope ?? ''),
    );
    assert.deepEqual(dns, []);
  });

  test('records the resource each role assignment applies to as its scope, and none elsewhere', () => {
    const spec = exampleSpec('minimal');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    const scopes = ofType(plan, ROLE_TYPE).map((r) => r.scope);
    assert.deepEqual(scopes, [
      ids.registry,
      ids.keyVault,
      ids.keyVault,
      ids.keyVault,
      ids.keyVault,
      ...ids.appContainerGroups,
      ids.dashboardContainerGroup,
    ]);
    for (const r of plan.resources.filter((r) => r.type !== ROLE_TYPE)) {
      assert.ok(!('scope' in r), r.id);
    }
  });

  test('gives each assignment a GUID name that is the same on every run', () => {
    const names = ofType(buildPlan(exampleSpec('full')), ROLE_TYPE).map((r) => r.name);
    assert.deepEqual(
      names,
      ofType(buildPlan(exampleSpec('full')), ROLE_TYPE).map((r) => r.name),
    );
    for (const name of names)
      assert.match(name, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(names).size, names.length);
  });

  test('assigns a role only after its scope and the identity exist', () => {
    const plan = buildPlan(exampleSpec('minimal'));
    for (const r of ofType(plan, ROLE_TYPE)) {
      const scope = r.id.slice(0, r.id.indexOf('/providers/Microsoft.Authorization/'));
      assert.ok(r.dependsOn.includes(scope), r.id);
      // This app's own identity exists before any plan does; the workload's and gateway's are planned.
      const forThisApp = JSON.stringify(r.body).includes('${param:deployerPrincipalId}');
      assert.equal(r.dependsOn.length, forThisApp ? 1 : 2);
    }
  });

  test("lets this app's own identity import certificates into the vault and nothing more", () => {
    const spec = exampleSpec('full');
    const mine = ofType(buildPlan(spec), ROLE_TYPE).filter((r) =>
      JSON.stringify(r.body).includes('${param:deployerPrincipalId}'),
    );
    assert.deepEqual(
      mine
        .map((r) => [
          r.id.split('/providers/Microsoft.Authorization/')[0],
          (r.body.properties as { roleDefinitionId: string }).roleDefinitionId.split('/').at(-1),
        ])
        .sort(),
      [
        [planIds(spec).keyVault, BUILT_IN_ROLES.keyVaultCertificatesOfficer],
        [planIds(spec).keyVault, BUILT_IN_ROLES.keyVaultSecretsOfficer],
      ].sort(),
    );
  });

  test('drops the Reader grant on the dashboard group when the dashboard is disabled', () => {
    const spec = exampleSpec('minimal', { dashboard: { enabled: false } });
    const ids = planIds(spec);
    const scopes = ofType(buildPlan(spec), ROLE_TYPE).map((r) => r.id);
    assert.ok(!scopes.some((id) => id.startsWith(`${ids.dashboardContainerGroup}/`)));
    assert.equal(scopes.length, 5 + spec.app.instances);
  });
});

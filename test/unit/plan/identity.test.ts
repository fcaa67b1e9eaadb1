import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BUILT_IN_ROLES,
  buildPlan,
  planIds,
  ref,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { deterministicGuid } from '../../../src/spec/index.js';
import { EXAMPLES, exampleSpec, ofType } from './helpers.js';

const ROLE_TYPE = 'Microsoft.Authorization/roleAssignments';
const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';
/** Private DNS Zone Contributor, which no identity of the plan may hold. */
const PRIVATE_DNS_ZONE_CONTRIBUTOR = 'b12aa53e-6015-4669-85d0-8515ebb3ae7f';

const roleOf = (r: PlannedResource) =>
  (r.body.properties as { roleDefinitionId: string }).roleDefinitionId.split('/').at(-1);
const principalOf = (r: PlannedResource) =>
  String((r.body.properties as { principalId: string }).principalId);

describe('identities and role assignments', () => {
  test('creates one identity per role in the spec location: app, dashboard, SQL admin, gateway', () => {
    const spec = exampleSpec('full');
    const identities = ofType(buildPlan(spec), IDENTITY_TYPE);
    assert.deepEqual(
      identities.map((r) => r.name),
      [
        'id-contoso-prod-app',
        'id-contoso-prod-dashboard',
        'id-contoso-prod-sql-admin',
        'id-contoso-prod-gateway',
      ],
    );
    for (const r of identities) assert.equal(r.body.location, spec.location);
    const noDashboard = exampleSpec('full', { dashboard: { enabled: false } });
    assert.deepEqual(
      ofType(buildPlan(noDashboard), IDENTITY_TYPE).map((r) => r.name),
      ['id-contoso-prod-app', 'id-contoso-prod-sql-admin', 'id-contoso-prod-gateway'],
    );
  });

  test('verifies the built-in role definition GUIDs, and keeps no DNS role among them', () => {
    assert.deepEqual(BUILT_IN_ROLES, {
      acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
      keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
      reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
      keyVaultCertificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985',
      keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    });
  });

  for (const example of EXAMPLES) {
    test(`grants each identity exactly its roles, each on the one resource it needs (${example})`, () => {
      const spec = exampleSpec(example);
      const ids = planIds(spec);
      const secret = `${ids.keyVault}/secrets/${spec.names.certificate}`;
      const expected = [
        [ids.registry, ids.appIdentity, BUILT_IN_ROLES.acrPull],
        [secret, ids.appIdentity, BUILT_IN_ROLES.keyVaultSecretsUser],
        [ids.registry, ids.dashboardIdentity, BUILT_IN_ROLES.acrPull],
        [secret, ids.dashboardIdentity, BUILT_IN_ROLES.keyVaultSecretsUser],
        ...ids.appContainerGroups.map((g) => [g, ids.dashboardIdentity, BUILT_IN_ROLES.reader]),
        [ids.registry, ids.sqlAdminIdentity, BUILT_IN_ROLES.acrPull],
        [secret, ids.gatewayIdentity, BUILT_IN_ROLES.keyVaultSecretsUser],
        [ids.keyVault, 'deployer', BUILT_IN_ROLES.keyVaultCertificatesOfficer],
        [ids.keyVault, 'deployer', BUILT_IN_ROLES.keyVaultSecretsOfficer],
      ].map(([scope, identity, role]) => {
        const definition = `/subscriptions/${spec.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
        const name = deterministicGuid(scope!, identity!, definition);
        return {
          id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          name,
          scope,
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
      const actual = ofType(buildPlan(spec), ROLE_TYPE).map(({ id, name, scope, body }) => ({
        id,
        name,
        scope,
        body,
      }));
      const sort = <T extends { id: string }>(items: T[]) =>
        [...items].sort((a, b) => a.id.localeCompare(b.id));
      assert.deepEqual(sort(actual), sort(expected));
    });
  }

  test('scopes Key Vault Secrets User to the certificate secret: no managed identity holds a vault-wide role', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const roles = ofType(buildPlan(spec), ROLE_TYPE);
    const secretReaders = roles.filter((r) => roleOf(r) === BUILT_IN_ROLES.keyVaultSecretsUser);
    assert.equal(secretReaders.length, 3);
    for (const r of secretReaders) assert.equal(r.scope, ids.certificateSecret);
    assert.equal(ids.certificateSecret, `${ids.keyVault}/secrets/app-contoso-example`);
    // Only this app's identity holds a role on the whole vault (or on anything holding the vault),
    // so only it can read the ACME account key kept there.
    const onVault = roles.filter((r) =>
      ids.keyVault.toLowerCase().startsWith(r.scope!.toLowerCase()),
    );
    assert.deepEqual([...new Set(onVault.map(principalOf))], ['${param:deployerPrincipalId}']);
  });

  test('makes a dedicated identity the SQL administrator, carried by no group that keeps running', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    const server = ofType(plan, 'Microsoft.Sql/servers')[0]!;
    const admin = (server.body.properties as { administrators: { sid: string } }).administrators;
    assert.equal(admin.sid, ref(ids.sqlAdminIdentity, 'properties.clientId'));
    const elsewhere = plan.resources.filter(
      (r) =>
        r.id !== ids.sqlAdminIdentity &&
        r !== server &&
        JSON.stringify(r.body).includes(ids.sqlAdminIdentity),
    );
    // Only its AcrPull grant names it: the run-once migration group pulls its image with it.
    assert.deepEqual(
      elsewhere.map((r) => [r.type, r.scope, roleOf(r)]),
      [[ROLE_TYPE, ids.registry, BUILT_IN_ROLES.acrPull]],
      'the SQL admin identity is attached to nothing else',
    );
    for (const group of ofType(plan, GROUP_TYPE))
      assert.ok(!JSON.stringify(group.body).includes(ids.sqlAdminIdentity), group.name);
  });

  test('gives the dashboard its own identity: Reader on the app groups, none on anything else', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    assert.notEqual(ids.dashboardIdentity, ids.appIdentity);
    const dashboard = plan.resources.find((r) => r.id === ids.dashboardContainerGroup)!;
    assert.deepEqual(
      Object.keys(
        (dashboard.body.identity as { userAssignedIdentities: object }).userAssignedIdentities,
      ),
      [ids.dashboardIdentity],
    );
    const readers = ofType(plan, ROLE_TYPE).filter((r) => roleOf(r) === BUILT_IN_ROLES.reader);
    assert.deepEqual(
      readers.map((r) => [r.scope, principalOf(r)]),
      ids.appContainerGroups.map((g) => [g, ref(ids.dashboardIdentity, 'properties.principalId')]),
    );
    for (const app of ids.appContainerGroups) {
      const group = plan.resources.find((r) => r.id === app)!;
      assert.ok(!JSON.stringify(group.body).includes(ids.dashboardIdentity), group.name);
    }
  });

  test('gives no identity any role on a DNS zone, and none Private DNS Zone Contributor', () => {
    const plan = buildPlan(exampleSpec('full'));
    const dns = ofType(plan, ROLE_TYPE).filter(
      (r) =>
        JSON.stringify(r.body).includes(PRIVATE_DNS_ZONE_CONTRIBUTOR) ||
        /privateDnsZones|dnsZones/i.test(r.scope ?? ''),
    );
    assert.deepEqual(dns, []);
  });

  test('records the resource each role assignment applies to as its scope, and none elsewhere', () => {
    const spec = exampleSpec('minimal');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    const scopes = ofType(plan, ROLE_TYPE).map((r) => r.scope!);
    assert.deepEqual(
      scopes.sort(),
      [
        ids.registry,
        ids.registry,
        ids.registry,
        ids.certificateSecret,
        ids.certificateSecret,
        ids.certificateSecret,
        ids.keyVault,
        ids.keyVault,
        ...ids.appContainerGroups,
      ].sort(),
    );
    for (const r of ofType(plan, ROLE_TYPE)) assert.ok(r.id.startsWith(`${r.scope!}/providers/`));
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

  test('assigns a role only after its scope (the vault, for a secret) and the identity exist', () => {
    const spec = exampleSpec('minimal');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    for (const r of ofType(plan, ROLE_TYPE)) {
      const scope = r.id.slice(0, r.id.indexOf('/providers/Microsoft.Authorization/'));
      const planned = scope === ids.certificateSecret ? ids.keyVault : scope;
      assert.ok(r.dependsOn.includes(planned), r.id);
      // This app's own identity exists before any plan does; the others are planned.
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
      mine.map((r) => [r.scope, roleOf(r)]).sort(),
      [
        [planIds(spec).keyVault, BUILT_IN_ROLES.keyVaultCertificatesOfficer],
        [planIds(spec).keyVault, BUILT_IN_ROLES.keyVaultSecretsOfficer],
      ].sort(),
    );
  });

  test('drops the dashboard identity and its grants when the dashboard is disabled', () => {
    const spec = exampleSpec('minimal', { dashboard: { enabled: false } });
    const ids = planIds(spec);
    const roles = ofType(buildPlan(spec), ROLE_TYPE);
    assert.ok(!roles.some((r) => JSON.stringify(r.body).includes(ids.dashboardIdentity)));
    assert.equal(roles.length, 6);
  });
});

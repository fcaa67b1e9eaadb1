// The app's own identity holds no Contributor or Owner: custom roles scoped to the resource groups
// it deploys environments into (a parameter), the records of its public DNS zones, and Role Based
// Access Control Administrator with a condition naming the plan's roles and ServicePrincipal
// ("Constrain roles and principal types", role-based-access-control/delegate-role-assignments-
// examples.md: @Request[…:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals, …:PrincipalType).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_VERSIONS, BUILT_IN_ROLES } from '../../../src/plan/index.js';
import { textAt } from './support/bicep-text.js';
import { bicepFiles, infraText, resourcesIn } from './support/infra-files.js';

const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const USER_ACCESS_ADMINISTRATOR = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const RBAC_ADMINISTRATOR = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';

/** The quoted strings of `var <name> = [ … ]` in a template. */
function varList(file: string, name: string): string[] {
  const body = new RegExp(`^var ${name} = \\[\\n([\\s\\S]*?)\\n\\]`, 'm').exec(infraText(file));
  assert.ok(body, `${file} has no var ${name} list`);
  return [...body[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
}

/** The text of `var <name> = '…'` (one line). */
function varText(file: string, name: string): string {
  const line = new RegExp(`^var ${name} = '(.*)'$`, 'm').exec(infraText(file));
  assert.ok(line, `${file} has no var ${name}`);
  return line[1]!.replace(/\\'/g, "'");
}

const lower = (list: string[]) => new Set(list.map((a) => a.toLowerCase()));

describe("the app's own identity (infra/)", () => {
  test('is assigned no Contributor, Owner or User Access Administrator anywhere', () => {
    for (const file of bicepFiles()) {
      for (const role of [CONTRIBUTOR, OWNER, USER_ACCESS_ADMINISTRATOR]) {
        assert.ok(!infraText(file).includes(role), `${file} names the built-in role ${role}`);
      }
    }
  });

  test('holds at the subscription only provider registration and reads', () => {
    const assignments = resourcesIn('subscription-access.bicep').filter(
      (r) => r.type === 'Microsoft.Authorization/roleAssignments',
    );
    assert.deepEqual(
      assignments.map((a) => textAt(a.body, ['properties', 'roleDefinitionId'])),
      ['subscriptionRole.id'],
    );
    const actions = varList('subscription-access.bicep', 'subscriptionActions');
    const allowed = actions.filter((a) => a.endsWith('/register/action') || a.endsWith('/read'));
    assert.deepEqual(allowed, actions, 'a subscription-wide action that writes or deletes');
  });

  test('gets its rights per resource group: environments and public DNS zones are parameters', () => {
    const main = infraText('main.bicep');
    for (const [param, module, file] of [
      ['environmentResourceGroups', 'environmentAccess', 'resource-group-access.bicep'],
      ['dnsZoneResourceGroups', 'dnsZoneAccess', 'dns-zone-access.bicep'],
    ] as const) {
      assert.match(main, new RegExp(`^param ${param} array = \\[\\]$`, 'm'));
      assert.match(
        main,
        new RegExp(
          `^module ${module} '${file}' = \\[\\n  for group in ${param}: \\{\\n[^\\]]*scope: resourceGroup\\(group\\)`,
          'm',
        ),
      );
      assert.match(infraText(file), /^targetScope = 'resourceGroup'$/m);
      for (const assignment of resourcesIn(file)) {
        assert.equal(textAt(assignment.body, ['scope']), undefined, `${file}: the group itself`);
      }
    }
    // Each custom role is assignable only in the groups the parameters list.
    const access = infraText('subscription-access.bicep');
    for (const param of ['environmentResourceGroups', 'dnsZoneResourceGroups']) {
      assert.match(
        access,
        new RegExp(
          `assignableScopes: \\[for group in ${param}: '\\$\\{groupId\\}\\$\\{group\\}'\\]`,
        ),
      );
    }
  });

  test('may read, write and delete every resource type the plan writes, and nothing wider', () => {
    const environment = lower(varList('subscription-access.bicep', 'environmentActions'));
    const dns = lower(varList('subscription-access.bicep', 'dnsRecordActions'));
    const types = Object.keys(API_VERSIONS).filter(
      (t) => t !== 'Microsoft.Authorization/roleAssignments',
    );
    for (const type of types) {
      const granted = type.startsWith('Microsoft.Network/dnsZones/') ? dns : environment;
      for (const verb of ['read', 'write', 'delete']) {
        assert.ok(granted.has(`${type}/${verb}`.toLowerCase()), `${type}/${verb} missing`);
      }
    }
    // DNS-01 challenges (src/certs) write TXT records; the zone itself is never written.
    assert.ok(dns.has('microsoft.network/dnszones/txt/write'));
    assert.ok(!dns.has('microsoft.network/dnszones/write'));
    for (const name of [
      'subscriptionActions',
      'environmentActions',
      'dnsRecordActions',
      'appActions',
    ]) {
      for (const action of varList('subscription-access.bicep', name)) {
        assert.ok(!action.includes('*'), `${name}: wildcard ${action}`);
        assert.ok(
          !action.toLowerCase().startsWith('microsoft.authorization/') ||
            action.endsWith('/register/action'),
          `${name}: ${action} (role assignments go through the conditioned RBAC role only)`,
        );
      }
    }
  });

  test("may assign only the plan's built-in roles, only to service principals, where it deploys", () => {
    const file = 'resource-group-access.bicep';
    const admin = resourcesIn(file).filter((r) =>
      (textAt(r.body, ['properties', 'roleDefinitionId']) ?? '').includes('rbacAdministrator'),
    );
    assert.equal(admin.length, 1);
    assert.match(
      infraText(file),
      new RegExp(`^var rbacAdministrator = '${RBAC_ADMINISTRATOR}'$`, 'm'),
    );
    assert.equal(textAt(admin[0]!.body, ['properties', 'conditionVersion']), "'2.0'");
    assert.equal(
      textAt(admin[0]!.body, ['properties', 'condition']),
      "'(${writes}) AND (${deletes})'",
    );
    assert.deepEqual(
      varList(file, 'assignableRoles').sort(),
      Object.values(BUILT_IN_ROLES).sort(),
      "the condition's roles are exactly src/plan/roles.ts BUILT_IN_ROLES",
    );
    const roles = '{${roles}}';
    assert.equal(
      varText(file, 'writes'),
      "(!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR " +
        `(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${roles} AND ` +
        "@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})",
    );
    assert.equal(
      varText(file, 'deletes'),
      "(!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR " +
        `(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${roles} AND ` +
        "@Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})",
    );
    // No other template hands out role-assignment rights.
    for (const other of bicepFiles().filter((f) => f !== file)) {
      assert.ok(!infraText(other).includes(RBAC_ADMINISTRATOR), `${other} assigns RBAC admin`);
    }
  });

  // Each environment's Key Vault lets in only its subnets and this app's (src/plan/key-vault.ts):
  // the app reaches it from a subnet of its own, through VNet integration.
  test('leaves through its own subnet, which Key Vault firewalls can name, and says which', () => {
    const network = resourcesIn('app.bicep').find(
      (r) => r.type === 'Microsoft.Network/virtualNetworks',
    );
    assert.ok(network, 'app.bicep declares no virtual network');
    const subnet = JSON.stringify(network.body);
    assert.match(subnet, /'Microsoft\.App\/environments'/);
    assert.match(subnet, /'Microsoft\.KeyVault'/);
    const site = resourcesIn('app.bicep').find((r) => r.type === 'Microsoft.Web/sites');
    assert.equal(textAt(site?.body, ['properties', 'virtualNetworkSubnetId']), 'appSubnetId');
    assert.match(
      infraText('app.bicep'),
      /\{ name: 'ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID', value: appSubnetId \}/,
    );
    assert.match(
      infraText('app.bicep'),
      /^var appSubnetId = '\$\{network\.id\}\/subnets\/\$\{subnetName\}'$/m,
    );
  });

  // The deployment's certificate stage would otherwise wait up to 10 minutes for grants it makes
  // itself (role-based-access-control/troubleshooting.md). Granted once at provision time, in the
  // group only, and no more than the RBAC Administrator condition already lets the app assign.
  test('holds in each environment group the two vault data roles the plan grants it on the vault', () => {
    const dataRoles = varList('resource-group-access.bicep', 'vaultDataRoles');
    assert.deepEqual(
      [...lower(dataRoles)].sort(),
      [BUILT_IN_ROLES.keyVaultCertificatesOfficer, BUILT_IN_ROLES.keyVaultSecretsOfficer].sort(),
    );
    const assignable = lower(varList('resource-group-access.bicep', 'assignableRoles'));
    for (const role of dataRoles) assert.ok(assignable.has(role.toLowerCase()), role);
    assert.match(infraText('resource-group-access.bicep'), /for role in vaultDataRoles:/);
    for (const file of bicepFiles().filter((f) => f !== 'resource-group-access.bicep'))
      for (const role of dataRoles) assert.ok(!infraText(file).includes(role), `${file}: ${role}`);
  });
});

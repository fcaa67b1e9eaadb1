import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  deterministicGuid,
  parseSpec,
  resourceNames,
  uniqueSuffix,
} from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

const scope = {
  subscriptionId: '11111111-2222-3333-4444-555555555555',
  resourceGroup: 'rg-contoso-prod',
  name: 'contoso-prod',
};

/** Azure's naming rules for the globally unique names. */
const rules: Record<string, RegExp> = {
  keyVault: /^[a-z](?!.*--)[a-z0-9-]{1,22}[a-z0-9]$/,
  registry: /^[a-z0-9]{5,50}$/,
  sqlServer: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  gatewayDnsLabel: /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/,
};

describe('resource names', () => {
  test('stay the same for the same subscription, resource group and environment', () => {
    // Changing these would orphan every deployed resource: they are part of the contract.
    assert.deepEqual(resourceNames(scope, 3, 'app.contoso.example'), {
      appIdentity: 'id-contoso-prod-app',
      dashboardIdentity: 'id-contoso-prod-dashboard',
      sqlAdminIdentity: 'id-contoso-prod-sql-admin',
      gatewayIdentity: 'id-contoso-prod-gateway',
      virtualNetwork: 'vnet-contoso-prod',
      subnets: {
        gateway: 'snet-gateway',
        containers: 'snet-containers',
        privateEndpoints: 'snet-private-endpoints',
      },
      natGateway: 'ng-contoso-prod',
      natGatewayPublicIp: 'pip-ng-contoso-prod',
      keyVault: 'kv-contoso-prod-xo34pogk',
      registry: 'acrcontosoprodxo34pogk',
      sqlServer: 'sql-contoso-prod-xo34pogk',
      sqlPrivateEndpoint: 'pe-sql-contoso-prod',
      gateway: 'agw-contoso-prod',
      wafPolicy: 'waf-contoso-prod',
      gatewayPublicIp: 'pip-agw-contoso-prod',
      gatewayDnsLabel: 'contoso-prod-xo34pogk',
      appContainerGroups: [
        'ci-contoso-prod-app-1',
        'ci-contoso-prod-app-2',
        'ci-contoso-prod-app-3',
      ],
      dashboardContainerGroup: 'ci-contoso-prod-dashboard',
      certificate: 'app-contoso-example',
      acmeAccountKeySecret: 'acme-account-key',
      eventGridSystemTopic: 'evgt-contoso-prod-resource-group',
      eventGridSubscription: 'evgs-contoso-prod-container-groups',
    });
  });

  test('differ when the subscription, the resource group or the environment differs', () => {
    const base = uniqueSuffix(scope);
    assert.notEqual(
      uniqueSuffix({ ...scope, subscriptionId: '21111111-2222-3333-4444-555555555555' }),
      base,
    );
    assert.notEqual(uniqueSuffix({ ...scope, resourceGroup: 'rg-other' }), base);
    assert.notEqual(uniqueSuffix({ ...scope, name: 'contoso-test' }), base);
  });

  test('do not depend on the spelling case of the resource group, which Azure ignores', () => {
    assert.equal(uniqueSuffix({ ...scope, resourceGroup: 'RG-Contoso-Prod' }), uniqueSuffix(scope));
  });

  test('do not depend on the spelling case of the subscription id', () => {
    const lower = { ...scope, subscriptionId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
    assert.equal(uniqueSuffix(lower), 'xe7kbtex');
    assert.equal(
      uniqueSuffix({ ...lower, subscriptionId: lower.subscriptionId.toUpperCase() }),
      'xe7kbtex',
    );
  });

  test('keep the registry name within the 50 characters Azure allows for any environment name', () => {
    const names = resourceNames({ ...scope, name: 'x'.repeat(45) }, 1, 'app.contoso.example');
    assert.equal(names.registry, `acr${'x'.repeat(39)}3n3z1rtg`);
    assert.equal(names.keyVault, `kv-${'x'.repeat(12)}-3n3z1rtg`);
  });

  test('cut a long host name to a Key Vault certificate name of 127 characters without trailing hyphens', () => {
    // A punycode label (xn--…) can put a double hyphen right at the cut.
    const labels = ['a'.repeat(50), 'b'.repeat(63), `${'c'.repeat(10)}--${'d'.repeat(51)}`];
    const host = `${labels.join('.')}.contoso.example`;
    assert.equal(
      resourceNames(scope, 1, host).certificate,
      `${'a'.repeat(50)}-${'b'.repeat(63)}-${'c'.repeat(10)}`,
    );
  });

  test('obey Azure naming rules even for the longest environment name', () => {
    for (const name of ['abc', 'a1234567890123456789', 'a-b-c-d-e-f-g-h-i-jk']) {
      const names = resourceNames({ ...scope, name }, 20, 'app.contoso.example');
      for (const [key, rule] of Object.entries(rules)) {
        const value = names[key as keyof typeof names] as string;
        assert.match(value, rule, `${key} for environment ${name}`);
      }
    }
  });

  test('name a wildcard host certificate with letters, digits and hyphens only', () => {
    assert.equal(
      resourceNames(scope, 1, '*.contoso.example').certificate,
      'wildcard-contoso-example',
    );
  });

  test('give role assignments well-formed GUIDs that are stable and distinct', () => {
    const a = deterministicGuid('/scope/a', 'principal', 'role');
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(deterministicGuid('/scope/a', 'principal', 'role'), a);
    assert.notEqual(deterministicGuid('/scope/b', 'principal', 'role'), a);
  });

  test('give a role assignment the same GUID in every release, whatever the case of its parts', () => {
    // A new GUID for an existing grant would make ARM refuse it as a second assignment.
    const guid = 'ac696c75-da01-5550-a1c6-60683914ff24';
    assert.equal(deterministicGuid('/Subscriptions/X', 'Principal', 'Role'), guid);
    assert.equal(deterministicGuid('/subscriptions/x', 'principal', 'role'), guid);
  });

  test('give role assignments distinct GUIDs when their parts only split differently', () => {
    assert.notEqual(deterministicGuid('ab', 'c'), deterministicGuid('a', 'bc'));
  });

  test('are computed into the parsed spec from its own fields', () => {
    const result = parseSpec(
      specWith({
        name: 'contoso-prod',
        subscriptionId: scope.subscriptionId,
        resourceGroup: scope.resourceGroup,
      }),
    );
    assert.ok(result.ok);
    assert.equal(result.spec.names.keyVault, 'kv-contoso-prod-xo34pogk');
  });
});

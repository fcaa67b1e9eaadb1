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
    const names = resourceNames(scope, 3, 'app.contoso.example');
    assert.equal(names.keyVault, 'kv-contoso-prod-xo34pogk');
    assert.equal(names.registry, 'acrcontosoprodxo34pogk');
    assert.equal(names.sqlServer, 'sql-contoso-prod-xo34pogk');
    assert.equal(names.gatewayDnsLabel, 'contoso-prod-xo34pogk');
    assert.deepEqual(names.appContainerGroups, [
      'ci-contoso-prod-app-1',
      'ci-contoso-prod-app-2',
      'ci-contoso-prod-app-3',
    ]);
    assert.equal(names.certificate, 'app-contoso-example');
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

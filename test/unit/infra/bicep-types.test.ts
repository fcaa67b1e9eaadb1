// No Bicep compiler installs here (neither the CLI nor a compiler is an npm package), so the
// templates are checked against the resource types Bicep itself compiles with: Azure/bicep-types-az,
// recorded in fixtures/bicep-types.json (its source commit and types.json paths are in the file).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readResources } from './support/bicep-text.js';
import { loadBicepTypes, typeProblems } from './support/bicep-types.js';
import { bicepFiles, resourcesIn } from './support/infra-files.js';

const types = loadBicepTypes();

describe('the resource bodies of infra/ against Azure/bicep-types-az', () => {
  test('declare only resource types and api-versions that bicep-types-az has', () => {
    const declared = bicepFiles().flatMap((file) =>
      resourcesIn(file).map((r) => ({ file, name: `${r.type}@${r.apiVersion}`, type: r.type })),
    );
    assert.ok(declared.length >= 10, `found only ${declared.length} resources in infra/`);
    for (const { file, name, type } of declared) {
      const versions = types.apiVersions[type] ?? [];
      assert.ok(
        versions.includes(name.split('@')[1]!),
        `${file}: ${name} does not exist (bicep-types-az has ${versions.join(', ') || 'no such type'})`,
      );
    }
  });

  test('set only properties that exist at that api-version and are not read-only', () => {
    for (const file of bicepFiles()) {
      for (const resource of resourcesIn(file)) {
        assert.deepEqual(typeProblems(types, resource), [], `${file}: ${resource.symbol}`);
      }
    }
  });

  test('catch a misspelt, a read-only and a misplaced property', () => {
    const [site] = readResources(`
resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: 'x'
  location: 'westeurope'
  properties: {
    serverFarmID: plan.id
    defaultHostName: 'x'
    functionAppConfig: { runtime: [{ name: 'node' }] }
  }
}`);
    assert.deepEqual(typeProblems(types, site!), [
      'site (Microsoft.Web/sites@2024-11-01).properties.serverFarmID is not a property of this type',
      'site (Microsoft.Web/sites@2024-11-01).properties.defaultHostName is read-only',
      'site (Microsoft.Web/sites@2024-11-01).properties.functionAppConfig.runtime: an array where the type has an object',
    ]);
  });

  test('refuse an api-version bicep-types-az does not have', () => {
    const [plan] = readResources(
      `resource plan 'Microsoft.Web/serverfarms@2099-01-01' = { name: 'x' }`,
    );
    assert.match(
      typeProblems(types, plan!)[0] ?? '',
      /serverfarms@2099-01-01 is not in Azure\/bicep-types-az/,
    );
  });
});

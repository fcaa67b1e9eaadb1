// What `azd provision` prepares for an environment listed in `preparedEnvironments` must be what
// the deployment plans, or the deployment would rename, re-tag or refuse it (NotOwned): the gateway
// identity's name, location and tags, and the role the gateway needs on its certificate.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, ownershipTags, BUILT_IN_ROLES } from '../../../src/plan/index.js';
import { parseSpec } from '../../../src/spec/index.js';
import { exampleInput } from '../../support/specs.js';
import { textAt, valueAt } from './support/bicep-text.js';
import { infraText, keysOf, onlyResource } from './support/infra-files.js';

const FILE = 'prepared-environment.bicep';
const identity = onlyResource(FILE, 'Microsoft.ManagedIdentity/userAssignedIdentities');
const grant = onlyResource(FILE, 'Microsoft.Authorization/roleAssignments');
const parsed = parseSpec(exampleInput('full'));
assert.ok(parsed.ok);
const spec = parsed.spec;

/** A bicep expression (`environmentName`, `'id-${environmentName}-gateway'`) for the example. */
const withName = (template: string | undefined) =>
  template === 'environmentName'
    ? spec.name
    : (template ?? '').replace(/^'|'$/g, '').replace('${environmentName}', spec.name);

describe('the prepared environment of infra/', () => {
  test("names the gateway identity as the plan does, with the plan's ownership tags, at the spec's location", () => {
    assert.equal(withName(textAt(identity.body, ['name'])), spec.names.gatewayIdentity);
    assert.equal(textAt(identity.body, ['location']), 'location');
    const tags = valueAt(identity.body, ['tags']);
    const planned = ownershipTags(spec);
    assert.deepEqual(
      keysOf(tags)
        .map((k) => k.replace(/^'|'$/g, ''))
        .sort(),
      Object.keys(planned).sort(),
    );
    for (const [key, value] of Object.entries(planned)) {
      const written =
        tags?.kind === 'object'
          ? tags.entries.find(([k]) => k.replace(/^'|'$/g, '') === key)?.[1]
          : undefined;
      assert.equal(written?.kind === 'expression' ? withName(written.text) : undefined, value, key);
    }
    const plannedIdentity = buildPlan(spec).resources.find((r) =>
      r.id.endsWith(`/${spec.names.gatewayIdentity}`),
    );
    assert.deepEqual(plannedIdentity?.body, { location: spec.location, tags: planned });
  });

  test('grants that identity Key Vault Secrets User, the role the plan grants it on the certificate, on the group', () => {
    const source = infraText(FILE);
    assert.match(source, new RegExp(`secretsUser = '${BUILT_IN_ROLES.keyVaultSecretsUser}'`));
    assert.equal(
      textAt(grant.body, ['properties', 'principalId']),
      'gatewayIdentity.properties.principalId',
    );
    assert.equal(textAt(grant.body, ['properties', 'principalType']), "'ServicePrincipal'");
    assert.equal(valueAt(grant.body, ['scope']), undefined, 'no scope: the resource group');
    const gatewayGrant = buildPlan(spec).resources.find(
      (r) =>
        r.type === 'Microsoft.Authorization/roleAssignments' &&
        JSON.stringify(r.body).includes(spec.names.gatewayIdentity),
    );
    assert.ok(
      String(
        (gatewayGrant?.body.properties as { roleDefinitionId: string }).roleDefinitionId,
      ).endsWith(BUILT_IN_ROLES.keyVaultSecretsUser),
    );
  });

  test('is created for each listed environment in its own resource group', () => {
    const main = infraText('main.bicep');
    assert.match(main, /param preparedEnvironments array = \[\]/);
    assert.match(
      main,
      /module preparedEnvironment 'prepared-environment\.bicep' = \[\s*for environment in preparedEnvironments: \{[^]*?scope: resourceGroup\(environment\.resourceGroup\)[^]*?environmentName: environment\.name\s+location: environment\.location/,
    );
    assert.match(infraText('main.parameters.json'), /"preparedEnvironments": \{ "value": \[\] \}/);
  });
});

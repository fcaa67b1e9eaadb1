import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bodyDrift,
  findReferences,
  resolveReferences,
  type JsonObject,
} from '../../../src/plan/index.js';
import { containerGroupAsAzureAnswers } from '../../support/azure-shape.js';
import { examplePlan, ofType } from './helpers.js';

/** The first app group's body as the deployment PUTs it: every deploy-time token resolved. */
function sentContainerGroup(): { id: string; body: JsonObject } {
  const plan = examplePlan('minimal');
  const group = ofType(plan, 'Microsoft.ContainerInstance/containerGroups')[0]!;
  // Each referenced value as the referenced resource's GET would give it.
  const resources = new Map<string, { id: string; properties: Record<string, string> }>();
  for (const reference of findReferences(group.body)) {
    if (reference.kind !== 'ref') continue;
    const key = reference.resourceId.toLowerCase();
    const resource = resources.get(key) ?? { id: reference.resourceId, properties: {} };
    resource.properties[reference.path.replace(/^properties\./, '')] = `value-of-${reference.path}`;
    resources.set(key, resource);
  }
  const resolved = resolveReferences(group.body, { resources, params: {} });
  assert.ok(resolved.ok, resolved.ok ? '' : resolved.message);
  return { id: group.id, body: resolved.value };
}

describe('drift against what Azure answers, not against our own echo', () => {
  test('a container group as Azure returns it (re-cased ids, read-only state, defaults) shows no drift', () => {
    const { id, body } = sentContainerGroup();
    const answered = containerGroupAsAzureAnswers(id, body, '192.168.1.4');
    assert.notDeepEqual(answered, body, 'the answer is not an echo');
    assert.deepEqual(bodyDrift(body, answered), []);
  });

  test('still sees a value Azure holds differently from the body, such as another image', () => {
    const { id, body } = sentContainerGroup();
    const answered = containerGroupAsAzureAnswers(id, body, '192.168.1.4') as {
      properties: { containers: { properties: { image: string } }[] };
    };
    answered.properties.containers[0]!.properties.image = 'mcr.microsoft.com/other:1';
    assert.deepEqual(bodyDrift(body, answered), ['properties.containers[0].properties.image']);
  });

  test('sees an identity that is not the planned one, whatever the casing of its id', () => {
    const { id, body } = sentContainerGroup();
    const answered = containerGroupAsAzureAnswers(id, body, '192.168.1.4') as {
      identity: { userAssignedIdentities: Record<string, unknown> };
    };
    const [key] = Object.keys(answered.identity.userAssignedIdentities);
    answered.identity.userAssignedIdentities = {
      [key!.replace(/id-contoso-dev-app$/, 'id-someone-else')]: {},
    };
    assert.notDeepEqual(bodyDrift(body, answered), []);
  });
});

// The app's identity registers resource providers (the resource-providers stage), which needs
// `{namespace}/register/action` at the subscription: "The scope for registration is always the
// subscription … you must have permission to do the /register/action operation for the resource
// provider" (azure-resource-manager/management/resource-providers-and-types.md). It holds that
// through a custom role at the subscription, one action per namespace, not through Contributor.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requiredNamespaces } from '../../../src/provisioning/resource-providers.js';
import { examplePlan, EXAMPLES } from '../plan/helpers.js';
import { infraText } from './support/infra-files.js';

describe("the app's subscription roles", () => {
  test('let it register every namespace its plans write to, at the subscription', () => {
    const text = infraText('subscription-access.bicep');
    assert.match(text, /^targetScope = 'subscription'$/m, 'roles assigned at the subscription');
    assert.match(text, /assignableScopes: \[subscription\(\)\.id\]/);
    const actions = /^var subscriptionActions = \[\n([\s\S]*?)\n\]/m.exec(text)?.[1] ?? '';
    const namespaces = new Set(EXAMPLES.flatMap((e) => requiredNamespaces(examplePlan(e))));
    assert.ok(namespaces.size >= 7, [...namespaces].join(', '));
    for (const namespace of namespaces) {
      assert.ok(
        actions.includes(`'${namespace}/register/action'`),
        `no ${namespace}/register/action in subscriptionActions`,
      );
    }
    assert.ok(actions.includes("'Microsoft.Resources/subscriptions/providers/read'"));
  });
});

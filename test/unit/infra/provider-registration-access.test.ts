// The app's identity registers resource providers (the resource-providers stage), which needs
// `{namespace}/register/action` at the subscription: "The scope for registration is always the
// subscription … you must have permission to do the /register/action operation for the resource
// provider. This operation is included in the Contributor and Owner roles"
// (azure-resource-manager/management/resource-providers-and-types.md).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { infraText } from './support/infra-files.js';

const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

describe("the app's subscription roles", () => {
  test('let it register resource providers: Contributor or Owner on the subscription', () => {
    const text = infraText('subscription-access.bicep');
    assert.match(text, /^targetScope = 'subscription'$/m, 'roles assigned at the subscription');
    assert.ok(
      text.includes(CONTRIBUTOR) || text.includes(OWNER),
      'no role that includes */register/action is assigned to the app',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan } from '../../../src/plan/index.js';
import { exampleSpec } from './helpers.js';

describe('plan warnings', () => {
  test('tells a user who turns off the NAT gateway what that means and where Azure says so', () => {
    const plan = buildPlan(exampleSpec('minimal', { network: { natGateway: { enabled: false } } }));
    assert.equal(plan.warnings.length, 1);
    const message = plan.warnings[0]?.message ?? '';
    assert.ok(
      message.startsWith(
        'network.natGateway.enabled is false, so the containers subnet gets no NAT gateway',
      ),
      message,
    );
    assert.match(message, /its outbound traffic relies on default outbound access\./);
    assert.match(
      message,
      /\(https:\/\/learn\.microsoft\.com\/azure\/container-instances\/container-instances-virtual-network-concepts\)/,
    );
    assert.match(message, /the sidecars reach Key Vault over outbound HTTPS\./);
    assert.ok(message.endsWith('Remove the setting to plan the NAT gateway.'), message);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { environmentPlan, planOptions } from '../../../src/environments/context.js';
import { readSettings, type AppSettings } from '../../../src/settings.js';
import { exampleSpec } from '../plan/helpers.js';

const APP_SUBNET =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-acivnetsidecars/providers/Microsoft.Network/virtualNetworks/vnet-acivnetsidecars/subnets/snet-app';

function settings(env: Record<string, string>): AppSettings {
  const result = readSettings({ ACI_VNET_SIDECARS_CLOUD: 'azure', ...env });
  assert.ok(result.ok, JSON.stringify(result));
  return result.settings;
}

describe("the app's outbound subnet in each environment's plan", () => {
  test("lets the app's VNet integration subnet through every vault's firewall", () => {
    const withSubnet = settings({
      ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID: APP_SUBNET,
      ACI_VNET_SIDECARS_EVENT_HANDLER_ID: '/subscriptions/s/x',
    });
    assert.equal(planOptions(withSubnet).appOutboundSubnetId, APP_SUBNET);
    const vault = environmentPlan(exampleSpec('minimal'), withSubnet).resources.find(
      (r) => r.type === 'Microsoft.KeyVault/vaults',
    );
    assert.match(
      JSON.stringify(vault?.body),
      /virtualNetworks\/vnet-acivnetsidecars\/subnets\/snet-app/,
    );
  });

  test('adds nothing when the setting is empty, as in a local run', () => {
    assert.equal(planOptions(settings({})).appOutboundSubnetId, undefined);
    assert.equal(
      planOptions(settings({ ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID: '' })).appOutboundSubnetId,
      undefined,
    );
  });

  test('refuses a value that is not a subnet id, naming the setting', () => {
    const result = readSettings({ ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID: 'snet-app' });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems.map((p) => p.path), [
      'ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID',
    ]);
  });
});

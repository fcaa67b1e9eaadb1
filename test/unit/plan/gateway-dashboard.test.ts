import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, planIds } from '../../../src/plan/index.js';
import { at, exampleSpec, list, named, only } from './helpers.js';

const GATEWAY = 'Microsoft.Network/applicationGateways';
const OPEN = { dashboard: { publicAccess: { allowedSourceRanges: ['203.0.113.0/24'] } } };

function gatewayOf(changes: Record<string, unknown> = {}) {
  const spec = exampleSpec('minimal', changes);
  const plan = buildPlan(spec);
  return { spec, plan, body: only(plan, GATEWAY).body, ids: planIds(spec) };
}

const names = (body: unknown, path: string) => list(body, path).map((item) => item.name);

describe('the dashboard behind the application gateway', () => {
  test('is private by default: no listener, rule, port, pool, settings or probe for it', () => {
    const { body, plan, ids } = gatewayOf();
    assert.deepEqual(names(body, 'properties.httpListeners'), ['https', 'http']);
    assert.deepEqual(names(body, 'properties.requestRoutingRules'), ['https', 'http-redirect']);
    assert.deepEqual(names(body, 'properties.frontendPorts'), ['port-80', 'port-443']);
    assert.deepEqual(names(body, 'properties.backendAddressPools'), ['app']);
    assert.deepEqual(names(body, 'properties.backendHttpSettingsCollection'), ['app-https']);
    assert.deepEqual(names(body, 'properties.probes'), ['app-health']);
    assert.doesNotMatch(JSON.stringify(body), /dashboard|8443/);
    // The dashboard itself still runs, reachable inside the VNet.
    assert.ok(plan.resources.some((r) => r.id === ids.dashboardContainerGroup));
  });

  test('opens its HTTPS listener on the dashboard port when the spec asks for public access', () => {
    const { body, ids } = gatewayOf(OPEN);
    const child = (collection: string, name: string) => ({
      id: `${ids.gateway}/${collection}/${name}`,
    });
    const listener = named(list(body, 'properties.httpListeners'), 'dashboard');
    assert.deepEqual(at(listener, 'properties.frontendPort'), child('frontendPorts', 'port-8443'));
    assert.equal(at(listener, 'properties.protocol'), 'Https');
    assert.deepEqual(named(list(body, 'properties.frontendPorts'), 'port-8443').properties, {
      port: 8443,
    });
    const rule = named(list(body, 'properties.requestRoutingRules'), 'dashboard');
    assert.deepEqual(
      at(rule, 'properties.backendAddressPool'),
      child('backendAddressPools', 'dashboard'),
    );
    assert.equal(at(rule, 'properties.priority'), 300);
  });

  test('opens nothing while the dashboard is disabled, whatever publicAccess says', () => {
    const { body } = gatewayOf({ dashboard: { ...OPEN.dashboard, enabled: false } });
    assert.doesNotMatch(JSON.stringify(body), /dashboard|8443/);
  });
});

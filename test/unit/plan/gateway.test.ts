import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BUILT_IN_ROLES,
  buildPlan,
  ownershipTags,
  planIds,
  ref,
  RULE_PRIORITIES,
} from '../../../src/plan/index.js';
import { at, exampleSpec, list, named, ofType, only } from './helpers.js';

const GATEWAY = 'Microsoft.Network/applicationGateways';

/** The full example with its dashboard opened to one range (it is private by default). */
function fullGateway() {
  const spec = exampleSpec('full', {
    dashboard: { publicAccess: { allowedSourceRanges: ['203.0.113.0/24'] } },
  });
  const ids = planIds(spec);
  const plan = buildPlan(spec);
  const gateway = only(plan, GATEWAY);
  const child = (collection: string, name: string) => ({
    id: `${ids.gateway}/${collection}/${name}`,
  });
  return { spec, ids, plan, gateway, body: gateway.body, child };
}

describe('application gateway', () => {
  test("uses the spec's SKU as name and tier, with autoscaling instead of a fixed capacity", () => {
    const { body, spec } = fullGateway();
    assert.deepEqual(at(body, 'properties.sku'), { name: 'WAF_v2', tier: 'WAF_v2' });
    assert.deepEqual(at(body, 'properties.autoscaleConfiguration'), {
      minCapacity: spec.gateway.minCapacity,
      maxCapacity: 4,
    });
  });

  test('runs as the gateway identity, which may read the vault before the gateway exists', () => {
    const { body, ids, gateway, plan } = fullGateway();
    assert.deepEqual(body.identity, {
      type: 'UserAssigned',
      userAssignedIdentities: { [ids.gatewayIdentity]: {} },
    });
    const grant = ofType(plan, 'Microsoft.Authorization/roleAssignments').find(
      (r) =>
        r.id.startsWith(`${ids.keyVault}/`) && JSON.stringify(r.body).includes(ids.gatewayIdentity),
    );
    assert.ok(grant);
    assert.ok(JSON.stringify(grant.body).includes(BUILT_IN_ROLES.keyVaultSecretsUser));
    assert.ok(gateway.dependsOn.includes(grant.id));
  });

  test('places its IP configuration in the gateway subnet and its frontend on the public IP', () => {
    const { body, ids } = fullGateway();
    assert.deepEqual(at(body, 'properties.gatewayIPConfigurations'), [
      { name: 'gateway-ip', properties: { subnet: { id: ids.subnets.gateway } } },
    ]);
    assert.deepEqual(at(body, 'properties.frontendIPConfigurations'), [
      { name: 'public', properties: { publicIPAddress: { id: ids.gatewayPublicIp } } },
    ]);
  });

  test('opens ports 80, 443 and the dashboard port', () => {
    const { body } = fullGateway();
    assert.deepEqual(at(body, 'properties.frontendPorts'), [
      { name: 'port-80', properties: { port: 80 } },
      { name: 'port-443', properties: { port: 443 } },
      { name: 'port-8443', properties: { port: 8443 } },
    ]);
  });

  test('takes its certificate from Key Vault by version-less secret id, so renewals roll out', () => {
    const { body, ids, spec } = fullGateway();
    assert.deepEqual(at(body, 'properties.sslCertificates'), [
      {
        name: spec.names.certificate,
        properties: {
          keyVaultSecretId: `${ref(ids.keyVault, 'properties.vaultUri')}secrets/${spec.names.certificate}`,
        },
      },
    ]);
  });

  test('listens for HTTPS with SNI on the host name, and on port 80 only to redirect', () => {
    const { body, spec, child } = fullGateway();
    const listeners = list(body, 'properties.httpListeners');
    assert.deepEqual(named(listeners, 'https').properties, {
      frontendIPConfiguration: child('frontendIPConfigurations', 'public'),
      frontendPort: child('frontendPorts', 'port-443'),
      protocol: 'Https',
      hostName: 'app.contoso.example',
      sslCertificate: child('sslCertificates', spec.names.certificate),
      requireServerNameIndication: true,
    });
    assert.deepEqual(at(named(listeners, 'http'), 'properties.protocol'), 'Http');
    assert.deepEqual(
      at(named(listeners, 'http'), 'properties.frontendPort'),
      child('frontendPorts', 'port-80'),
    );
    assert.deepEqual(at(body, 'properties.redirectConfigurations'), [
      {
        name: 'http-to-https',
        properties: {
          redirectType: 'Permanent',
          targetListener: child('httpListeners', 'https'),
          includePath: true,
          includeQueryString: true,
        },
      },
    ]);
  });

  test('starts with empty app and dashboard pools for the reconciler to fill with IPs', () => {
    const { body } = fullGateway();
    assert.deepEqual(at(body, 'properties.backendAddressPools'), [
      { name: 'app', properties: { backendAddresses: [] } },
      { name: 'dashboard', properties: { backendAddresses: [] } },
    ]);
  });

  test('talks HTTPS to the backends with the certificate host name, a health probe and connection draining', () => {
    const { body, child } = fullGateway();
    const settings = named(list(body, 'properties.backendHttpSettingsCollection'), 'app-https');
    assert.deepEqual(settings.properties, {
      port: 443,
      protocol: 'Https',
      cookieBasedAffinity: 'Disabled',
      hostName: 'app.contoso.example',
      pickHostNameFromBackendAddress: false,
      requestTimeout: 60,
      // A backend taken out of the pool (a rolling change) finishes its requests in flight.
      connectionDraining: { enabled: true, drainTimeoutInSec: 60 },
      probe: child('probes', 'app-health'),
    });
    assert.deepEqual(named(list(body, 'properties.probes'), 'app-health').properties, {
      protocol: 'Https',
      host: 'app.contoso.example',
      path: '/api/healthcheck',
      interval: 30,
      timeout: 30,
      unhealthyThreshold: 3,
      pickHostNameFromBackendHttpSettings: false,
      match: { statusCodes: ['200-399'], body: '"health":"OK"' },
    });
  });

  test('serves the dashboard on its own HTTPS listener with the same certificate and /healthz probe', () => {
    const { body, spec, child } = fullGateway();
    const listener = named(list(body, 'properties.httpListeners'), 'dashboard');
    assert.deepEqual(at(listener, 'properties.frontendPort'), child('frontendPorts', 'port-8443'));
    assert.deepEqual(
      at(listener, 'properties.sslCertificate'),
      child('sslCertificates', spec.names.certificate),
    );
    assert.equal(at(listener, 'properties.protocol'), 'Https');
    const settings = named(
      list(body, 'properties.backendHttpSettingsCollection'),
      'dashboard-https',
    );
    assert.deepEqual(at(settings, 'properties.probe'), child('probes', 'dashboard-health'));
    assert.equal(
      at(named(list(body, 'properties.probes'), 'dashboard-health'), 'properties.path'),
      '/healthz',
    );
  });

  test('routes with explicit, distinct priorities', () => {
    const { body, child } = fullGateway();
    assert.deepEqual(at(body, 'properties.requestRoutingRules'), [
      {
        name: 'https',
        properties: {
          ruleType: 'Basic',
          priority: 100,
          httpListener: child('httpListeners', 'https'),
          backendAddressPool: child('backendAddressPools', 'app'),
          backendHttpSettings: child('backendHttpSettingsCollection', 'app-https'),
        },
      },
      {
        name: 'http-redirect',
        properties: {
          ruleType: 'Basic',
          priority: 200,
          httpListener: child('httpListeners', 'http'),
          redirectConfiguration: child('redirectConfigurations', 'http-to-https'),
        },
      },
      {
        name: 'dashboard',
        properties: {
          ruleType: 'Basic',
          priority: 300,
          httpListener: child('httpListeners', 'dashboard'),
          backendAddressPool: child('backendAddressPools', 'dashboard'),
          backendHttpSettings: child('backendHttpSettingsCollection', 'dashboard-https'),
        },
      },
    ]);
    assert.deepEqual(RULE_PRIORITIES, { https: 100, httpRedirect: 200, dashboard: 300 });
  });

  test("applies the spec's predefined SSL policy", () => {
    const { body } = fullGateway();
    assert.deepEqual(at(body, 'properties.sslPolicy'), {
      policyType: 'Predefined',
      policyName: 'AppGwSslPolicy20220101S',
    });
  });

  test('points every child reference at a child of this gateway by full id', () => {
    const { body, ids } = fullGateway();
    const text = JSON.stringify(body.properties);
    for (const match of text.matchAll(/"id":"([^"]+)"/g)) {
      const id = match[1]!;
      if (id.includes('/applicationGateways/')) assert.ok(id.startsWith(`${ids.gateway}/`), id);
    }
  });

  test('associates a WAF policy in prevention mode with a WAF_v2 gateway', () => {
    const { plan, ids, gateway } = fullGateway();
    const waf = only(plan, 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies');
    assert.equal(waf.id, ids.wafPolicy);
    assert.equal(at(waf.body, 'properties.policySettings.mode'), 'Prevention');
    assert.equal(at(waf.body, 'properties.policySettings.state'), 'Enabled');
    assert.deepEqual(at(gateway.body, 'properties.firewallPolicy'), { id: ids.wafPolicy });
    assert.ok(gateway.dependsOn.includes(ids.wafPolicy));
  });

  test('plans no WAF policy for a Standard_v2 gateway', () => {
    const plan = buildPlan(exampleSpec('minimal'));
    assert.equal(
      ofType(plan, 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies').length,
      0,
    );
    const properties = only(plan, GATEWAY).body.properties as Record<string, unknown>;
    assert.deepEqual(properties.sku, { name: 'Standard_v2', tier: 'Standard_v2' });
    assert.equal(properties.firewallPolicy, undefined);
  });

  test('leaves out every dashboard part when the dashboard is disabled', () => {
    const spec = exampleSpec('full', { dashboard: { enabled: false } });
    const text = JSON.stringify(only(buildPlan(spec), GATEWAY).body);
    assert.ok(!text.includes('dashboard'));
    assert.ok(!text.includes('8443'));
  });

  test('blocks with the Microsoft default rule set 2.1 and inspects request bodies', () => {
    const { plan, spec } = fullGateway();
    const waf = only(plan, 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies');
    assert.deepEqual(waf.body, {
      location: spec.location,
      tags: ownershipTags(spec),
      properties: {
        policySettings: { state: 'Enabled', mode: 'Prevention', requestBodyCheck: true },
        managedRules: {
          managedRuleSets: [{ ruleSetType: 'Microsoft_DefaultRuleSet', ruleSetVersion: '2.1' }],
        },
      },
    });
    assert.deepEqual(waf.dependsOn, []);
  });

  test('serves HTTP/2 to clients', () => {
    const { body } = fullGateway();
    assert.equal(at(body, 'properties.enableHttp2'), true);
  });

  test('is written after its identity, the VNet, its public IP, the vault, its vault grant and WAF policy', () => {
    const { gateway, ids, plan } = fullGateway();
    const grant = ofType(plan, 'Microsoft.Authorization/roleAssignments').filter(
      (r) =>
        r.scope === ids.certificateSecret && JSON.stringify(r.body).includes(ids.gatewayIdentity),
    );
    assert.equal(grant.length, 1);
    assert.deepEqual(gateway.dependsOn, [
      ids.gatewayIdentity,
      ids.virtualNetwork,
      ids.gatewayPublicIp,
      ids.keyVault,
      grant[0]!.id,
      ids.wafPolicy,
    ]);
    const standard = only(buildPlan(exampleSpec('minimal')), GATEWAY);
    assert.equal(standard.dependsOn.length, 5);
    assert.ok(
      !standard.dependsOn.some((d) =>
        d.includes('ApplicationGatewayWebApplicationFirewallPolicies'),
      ),
    );
  });

  test('gives the plain HTTP listener on port 80 no certificate and no SNI requirement', () => {
    const { body, child } = fullGateway();
    assert.deepEqual(named(list(body, 'properties.httpListeners'), 'http').properties, {
      frontendIPConfiguration: child('frontendIPConfigurations', 'public'),
      frontendPort: child('frontendPorts', 'port-80'),
      protocol: 'Http',
      hostName: 'app.contoso.example',
    });
  });
});

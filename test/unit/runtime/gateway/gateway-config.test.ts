import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gatewayConfig } from '../../../../local/runtime/gateway/gateway-config.js';
import { hostMatches, routeFor } from '../../../../local/runtime/gateway/listener-match.js';
import { testCa } from '../../../support/gateway-pki.js';
import {
  gatewayRecord,
  GATEWAY_ID,
  HOST,
  PRINCIPAL_ID,
  SECRET_ID,
} from '../../../support/gateway-record.js';

const id = (collection: string, name: string) =>
  `${GATEWAY_ID}/${collection}/${name}`.toLowerCase();

void describe('the local gateway reads its ARM record', () => {
  void test('resolves listeners, rules, settings and the custom probe by id', () => {
    const config = gatewayConfig(
      gatewayRecord({ members: ['192.168.1.4'], probe: { interval: 5 } }),
    );
    assert.deepEqual(
      config.listeners.map((l) => [l.name, l.frontendPort, l.protocol, l.hostNames]),
      [
        ['https', 443, 'Https', [HOST]],
        ['http', 80, 'Http', [HOST]],
      ],
    );
    assert.deepEqual(
      config.rules.map((r) => [r.name, r.priority]),
      [
        ['https', 100],
        ['http-redirect', 200],
      ],
      'rules are evaluated by priority, not by their order in the record',
    );
    const settings = config.settings.get(id('backendHttpSettingsCollection', 'app-https'));
    assert.equal(settings?.hostName, HOST);
    assert.deepEqual(settings?.probe, {
      protocol: 'Https',
      hostHeader: HOST,
      serverName: HOST,
      path: '/api/healthcheck',
      intervalSeconds: 5,
      timeoutSeconds: 30,
      unhealthyThreshold: 3,
      statusCodes: ['200-399'],
      body: '"health":"OK"',
    });
    assert.equal(config.principalId, PRINCIPAL_ID);
    assert.equal(
      config.sslCertificates.get(id('sslCertificates', 'app-cert'))?.keyVaultSecretId,
      SECRET_ID,
    );
    assert.equal(config.responseBuffering, true, 'the response buffer is on by default');
  });

  void test('turns trusted root certificates (base64 DER) into PEM for the settings that name them', () => {
    const ca = testCa('Gateway Test Root');
    const config = gatewayConfig(gatewayRecord({ members: [], trustedRootsDer: [ca.derBase64] }));
    const settings = [...config.settings.values()][0];
    assert.equal(settings?.trustedRootsPem[0]?.trim(), ca.certPem.trim().replace(/\r\n/g, '\n'));
  });

  void test('gives settings without a probe the default probe: 127.0.0.1, /, 30 s, 3 failures, SNI from the settings', () => {
    const record = gatewayRecord({ members: [] });
    const settings = (
      record.properties.backendHttpSettingsCollection as { properties: Record<string, unknown> }[]
    )[0];
    delete settings?.properties.probe;
    const probe = [...gatewayConfig(record).settings.values()][0]?.probe;
    assert.deepEqual(probe, {
      protocol: 'Https',
      hostHeader: '127.0.0.1',
      serverName: HOST,
      path: '/',
      intervalSeconds: 30,
      timeoutSeconds: 30,
      unhealthyThreshold: 3,
      statusCodes: ['200-399'],
    });
  });

  void test('routes by listener port and host name, the lowest priority first, and nothing for another host', () => {
    const config = gatewayConfig(gatewayRecord({ members: [] }));
    assert.equal(routeFor(config, 443, HOST)?.rule.name, 'https');
    assert.equal(routeFor(config, 80, 'APP.contoso.example')?.rule.name, 'http-redirect');
    assert.equal(routeFor(config, 443, 'other.example'), undefined);
    assert.equal(routeFor(config, 8443, HOST), undefined);
  });

  void test('matches wildcard host names of multi-site listeners', () => {
    assert.equal(hostMatches('*.contoso.example', 'app.contoso.example'), true);
    assert.equal(hostMatches('app?.contoso.example', 'app1.contoso.example'), true);
    assert.equal(hostMatches('*.contoso.example', 'contoso.example'), false);
  });

  void test('names what it does not emulate: WAF, path-based rules, FQDN members', () => {
    const record = gatewayRecord({ members: [] });
    record.properties.sku = { name: 'WAF_v2', tier: 'WAF_v2' };
    const pools = record.properties.backendAddressPools as {
      properties: { backendAddresses: object[] };
    }[];
    pools[0]?.properties.backendAddresses.push({ fqdn: 'app.internal' });
    const unsupported = gatewayConfig(record).unsupported.join('\n');
    assert.match(unsupported, /web application firewall/);
    assert.match(unsupported, /FQDN member app\.internal/);
  });
});

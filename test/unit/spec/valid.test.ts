import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec, type EnvironmentSpec } from '../../../src/spec/index.js';
import { exampleInput, specWith } from '../../support/specs.js';

function parsed(input: unknown): EnvironmentSpec {
  const result = parseSpec(input);
  if (!result.ok)
    assert.fail(`expected a valid spec, got:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.spec;
}

describe('valid specs', () => {
  test('the minimal example is valid and gets every default', () => {
    const spec = parsed(exampleInput('minimal'));
    assert.equal(spec.network.addressSpace, '192.168.0.0/16');
    assert.deepEqual(spec.network.subnets, {
      gateway: '192.168.0.0/24',
      containers: '192.168.1.0/24',
      privateEndpoints: '192.168.2.0/27',
    });
    assert.deepEqual(spec.network.natGateway, { enabled: true, idleTimeoutInMinutes: 4 });
    assert.equal(spec.dns.publicZoneResourceGroup, 'rg-contoso-dev');
    assert.equal(spec.dns.privateZone, 'contoso-dev.internal');
    assert.equal(spec.dns.ttl, 300);
    assert.equal(spec.certificates.acmeDirectory, 'letsencrypt');
    assert.equal(spec.certificates.keyType, 'ec-p256');
    assert.deepEqual(spec.certificates.names, ['app.contoso.example']);
    assert.equal(spec.certificates.renewBeforeDays, 30);
    assert.equal(spec.app.instances, 2);
    assert.deepEqual(spec.app.images.web, { build: 'images/web', tag: 'latest' });
    assert.deepEqual(spec.app.resources.api, { cpu: 0.5, memoryInGB: 1 });
    assert.equal(spec.dashboard.enabled, true);
    assert.deepEqual(spec.database, { name: 'appdb', sku: 'S0' });
    assert.equal(spec.gateway.sku, 'Standard_v2');
    assert.equal(spec.gateway.minCapacity, 1);
    assert.equal(spec.gateway.maxCapacity, 3);
    assert.equal(spec.gateway.dashboardPort, 8443);
    assert.equal(spec.gateway.sslPolicy, 'AppGwSslPolicy20220101S');
    assert.equal(spec.prune, true, 'a deployment prunes unless told not to');
  });

  test('keeps prune: false', () => {
    assert.equal(parsed(specWith({ prune: false })).prune, false);
  });

  test('the full example is valid and keeps every value it sets', () => {
    const spec = parsed(exampleInput('full'));
    assert.equal(spec.app.instances, 3);
    assert.equal(spec.network.natGateway.enabled, true);
    assert.equal(spec.network.natGateway.idleTimeoutInMinutes, 10);
    assert.equal(spec.dns.publicZoneResourceGroup, 'rg-dns');
    assert.equal(spec.dns.privateZone, 'prod.contoso.internal');
    assert.deepEqual(spec.certificates.names, ['app.contoso.example', '*.app.contoso.example']);
    assert.deepEqual(spec.app.images.dashboard, { build: 'images/dash', tag: '1.0.0' });
    assert.deepEqual(spec.dashboard.publicAccess, { allowedSourceRanges: ['198.51.100.0/24'] });
    assert.deepEqual(spec.app.resources.api, { cpu: 1, memoryInGB: 1.5 });
    assert.equal(spec.gateway.sku, 'WAF_v2');
    assert.equal(spec.gateway.maxCapacity, 4);
    assert.equal(spec.names.appContainerGroups.length, 3);
  });

  test('a wildcard certificate name covers the host name one level below it', () => {
    const spec = parsed(specWith({ certificates: { names: ['*.contoso.example'] } }));
    assert.deepEqual(spec.certificates.names, ['*.contoso.example']);
  });

  test('host names and zones are compared case-insensitively and stored in lower case', () => {
    const spec = parsed(
      specWith({
        dns: { publicZone: 'Contoso.Example' },
        gateway: { hostName: 'App.Contoso.Example' },
      }),
    );
    assert.equal(spec.gateway.hostName, 'app.contoso.example');
    assert.deepEqual(spec.certificates.names, ['app.contoso.example']);
    assert.equal(spec.names.certificate, 'app-contoso-example');
  });

  test('an https ACME directory URL is accepted for other ACME servers', () => {
    const spec = parsed(
      specWith({ certificates: { acmeDirectory: 'https://127.0.0.1:14000/dir' } }),
    );
    assert.equal(spec.certificates.acmeDirectory, 'https://127.0.0.1:14000/dir');
  });

  test('the subscription id is normalised to lower case so names do not depend on its spelling', () => {
    const upper = parsed(specWith({ subscriptionId: 'AAAAAAAA-0000-0000-0000-000000000000' }));
    const lower = parsed(specWith({ subscriptionId: 'aaaaaaaa-0000-0000-0000-000000000000' }));
    assert.equal(upper.subscriptionId, 'aaaaaaaa-0000-0000-0000-000000000000');
    assert.deepEqual(upper.names, lower.names);
  });

  test('a containers subnet exactly large enough for every group is accepted', () => {
    // A /29 has 8 addresses, 5 reserved by Azure: 3 usable = 2 app groups + the dashboard.
    const spec = parsed(specWith({ network: { subnets: { containers: '192.168.1.0/29' } } }));
    assert.equal(spec.network.subnets.containers, '192.168.1.0/29');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, findReferences, gatewayFrame, planIds } from '../../../src/plan/index.js';
import type { JsonObject } from '../../../src/plan/types.js';
import { at, exampleSpec, list, only } from './helpers.js';

const GATEWAY = 'Microsoft.Network/applicationGateways';

/** The full example with its dashboard opened, so that it has a second HTTPS listener. */
function planned() {
  const spec = exampleSpec('full', {
    dashboard: { publicAccess: { allowedSourceRanges: ['203.0.113.0/24'] } },
  });
  const ids = planIds(spec);
  const body = only(buildPlan(spec), GATEWAY).body;
  return { spec, ids, body, frame: gatewayFrame(body) };
}

function names(body: JsonObject, collection: string): string[] {
  const items = (body.properties as JsonObject)[collection];
  return Array.isArray(items) ? items.map((item) => (item as { name: string }).name) : [];
}

/** Ids of the gateway's own parts that a body references but does not hold. */
function dangling(body: JsonObject, gatewayId: string): string[] {
  const collections = Object.entries(body.properties as JsonObject).filter(([, v]) =>
    Array.isArray(v),
  );
  const held = new Set(
    collections.flatMap(([c]) => names(body, c).map((n) => `${gatewayId}/${c}/${n}`.toLowerCase())),
  );
  return collections
    .flatMap(([, items]) => JSON.stringify(items).match(/"id":"[^"]+"/g) ?? [])
    .map((match) => match.slice(6, -1))
    .filter((id) => id.toLowerCase().startsWith(`${gatewayId.toLowerCase()}/`))
    .filter((id) => !held.has(id.toLowerCase()));
}

describe('the gateway as first created, before its certificate exists', () => {
  test('keeps only the port-80 listener, its redirect rule and its port, and no certificate', () => {
    const { body, frame } = planned();
    assert.deepEqual(names(body, 'httpListeners'), ['https', 'http', 'dashboard']);
    assert.deepEqual(names(frame, 'httpListeners'), ['http']);
    assert.deepEqual(names(frame, 'requestRoutingRules'), ['http-redirect']);
    assert.deepEqual(names(frame, 'redirectConfigurations'), ['http-to-https']);
    assert.deepEqual(names(frame, 'frontendPorts'), ['port-80']);
    assert.deepEqual(at(frame, 'properties.sslCertificates'), []);
  });

  test('redirects port 80 to the host name by URL, without includePath', () => {
    const { frame, spec } = planned();
    assert.deepEqual(list(frame, 'properties.redirectConfigurations')[0], {
      name: 'http-to-https',
      properties: { redirectType: 'Permanent', targetUrl: `https://${spec.gateway.hostName}/` },
    });
  });

  test('references only parts it holds, which the planned body does too', () => {
    const { body, frame, ids } = planned();
    assert.deepEqual(dangling(frame, ids.gateway), []);
    assert.deepEqual(dangling(body, ids.gateway), []);
  });

  test('needs nothing from the vault: no reference to it is left to resolve', () => {
    const { body, frame, ids } = planned();
    const toVault = (b: JsonObject) =>
      findReferences(b).filter(
        (r) => r.kind === 'ref' && r.resourceId.toLowerCase() === ids.keyVault.toLowerCase(),
      );
    assert.ok(toVault(body).length > 0);
    assert.deepEqual(toVault(frame), []);
  });

  test('leaves everything else as planned, and the planned body untouched', () => {
    const { body, frame } = planned();
    const before = structuredClone(body);
    gatewayFrame(body);
    assert.deepEqual(body, before);
    for (const path of [
      'identity',
      'properties.sku',
      'properties.firewallPolicy',
      'properties.sslPolicy',
      'properties.gatewayIPConfigurations',
      'properties.frontendIPConfigurations',
      'properties.backendAddressPools',
      'properties.backendHttpSettingsCollection',
      'properties.probes',
    ]) {
      assert.deepEqual(at(frame, path), at(body, path), path);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BACKEND_POOLS,
  backendAddressesOf,
  withBackendAddresses,
  type JsonObject,
} from '../../../src/plan/index.js';
import { examplePlan, list, only } from './helpers.js';

/** The dashboard opened to one range, so its pool exists (it is private by default). */
const OPEN = { dashboard: { publicAccess: { allowedSourceRanges: ['203.0.113.0/24'] } } };

describe('gateway backend pools filled with container group IPs', () => {
  const gateway = only(examplePlan('full', OPEN), 'Microsoft.Network/applicationGateways');

  test('puts each pool its IPs in numeric order, without duplicates', () => {
    const body = withBackendAddresses(gateway.body, {
      app: ['192.168.1.10', '192.168.1.9', '192.168.1.10'],
      dashboard: ['192.168.1.5'],
    });
    const pools = list(body, 'properties.backendAddressPools');
    const app = pools.find((p) => p.name === BACKEND_POOLS.app);
    const dashboard = pools.find((p) => p.name === BACKEND_POOLS.dashboard);
    assert.deepEqual(list(app, 'properties.backendAddresses'), [
      { ipAddress: '192.168.1.9' },
      { ipAddress: '192.168.1.10' },
    ]);
    assert.deepEqual(list(dashboard, 'properties.backendAddresses'), [
      { ipAddress: '192.168.1.5' },
    ]);
  });

  test('leaves the planned body untouched', () => {
    withBackendAddresses(gateway.body, { app: ['192.168.1.4'] });
    const pools = list(gateway.body, 'properties.backendAddressPools');
    assert.ok(pools.every((p) => list(p, 'properties.backendAddresses').length === 0));
  });

  test('gives the same body for the same set of IPs in any order', () => {
    const a = withBackendAddresses(gateway.body, { app: ['192.168.1.4', '192.168.1.5'] });
    const b = withBackendAddresses(gateway.body, { app: ['192.168.1.5', '192.168.1.4'] });
    assert.equal(JSON.stringify(a), JSON.stringify(b));
  });

  test('leaves a pool it is given no addresses for as it is', () => {
    const both = withBackendAddresses(gateway.body, {
      app: ['192.168.1.4'],
      dashboard: ['192.168.1.5'],
    });
    const appMoved = withBackendAddresses(both, { app: ['192.168.1.6'] });
    assert.deepEqual(backendAddressesOf(appMoved), {
      app: ['192.168.1.6'],
      dashboard: ['192.168.1.5'],
    });
  });

  test('returns a body without backend pools as it is, and skips entries that are not pools', () => {
    for (const body of [{ location: 'westeurope' }, { properties: {} }] as JsonObject[]) {
      assert.deepEqual(withBackendAddresses(body, { app: ['192.168.1.4'] }), body);
    }
    const withNull = { properties: { backendAddressPools: [null, { name: 'app' }] } };
    assert.deepEqual(withBackendAddresses(withNull, { app: ['192.168.1.4'] }), {
      properties: {
        backendAddressPools: [
          null,
          { name: 'app', properties: { backendAddresses: [{ ipAddress: '192.168.1.4' }] } },
        ],
      },
    });
  });
});

describe('backend addresses read from a gateway', () => {
  test('gives the IPs each pool holds, by pool name', () => {
    const gateway = only(examplePlan('full', OPEN), 'Microsoft.Network/applicationGateways');
    const body = withBackendAddresses(gateway.body, { app: ['192.168.1.5', '192.168.1.4'] });
    assert.deepEqual(backendAddressesOf(body), {
      app: ['192.168.1.4', '192.168.1.5'],
      dashboard: [],
    });
  });

  test('reads a body as ARM returns it: pools without addresses, addresses without an IP', () => {
    const answered: JsonObject = {
      properties: {
        backendAddressPools: [
          {
            name: 'app',
            properties: { backendAddresses: [{ ipAddress: '192.168.1.4' }, { fqdn: 'a.example' }] },
          },
          { name: 'dashboard' },
          { properties: { backendAddresses: [{ ipAddress: '192.168.1.9' }] } },
        ],
      },
    };
    assert.deepEqual(backendAddressesOf(answered), {
      app: ['192.168.1.4'],
      dashboard: [],
      '': ['192.168.1.9'],
    });
    assert.deepEqual(backendAddressesOf({ location: 'westeurope' }), {});
  });
});

// The emulator's pure parts, without sockets: address arithmetic, ARM path parsing, fault rules,
// DNS answers and the operation clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseArmPath, resourceId } from '../../../local/emulator/arm/resource-id.js';
import { createContext } from '../../../local/emulator/core/context.js';
import { faultRule, faultResponse, takeFault } from '../../../local/emulator/core/faults.js';
import { emptyState } from '../../../local/emulator/core/state.js';
import { manualClock } from '../../../local/emulator/index.js';
import { lookup } from '../../../local/emulator/providers/network/dns-lookup.js';
import {
  allocateIp,
  intToIp,
  usableRange,
} from '../../../local/emulator/providers/network/ip-pool.js';

function engine() {
  const clock = manualClock();
  const ctx = createContext(emptyState(), clock, {
    timeScale: 1,
    restartIp: 'always',
    tenantId: 't',
    armOrigin: 'https://127.0.0.1:1',
    vaultOrigin: () => 'https://127.0.0.1:2',
  });
  return { clock, ctx };
}

void describe('emulator pure parts', () => {
  void test('skips the five addresses Azure reserves in every subnet', () => {
    const range = usableRange('192.168.2.0/24');
    assert.deepEqual(
      [intToIp(range?.first ?? 0), intToIp(range?.last ?? 0)],
      ['192.168.2.4', '192.168.2.254'],
    );
  });

  void test('hands out the lowest free address and nothing when the subnet is full', () => {
    const { ctx } = engine();
    const got = [1, 2, 3, 4].map((n) =>
      allocateIp(ctx, '/s/subnet', ['10.0.0.0/29'], `owner-${n}`),
    );
    assert.deepEqual(got, ['10.0.0.4', '10.0.0.5', '10.0.0.6', undefined]);
  });

  void test('parses nested, extension and collection paths', () => {
    const nested = parseArmPath(
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a',
    );
    assert.deepEqual(
      [nested?.types, nested?.names, nested?.trailing],
      [['virtualNetworks', 'subnets'], ['v', 'a'], undefined],
    );
    const extension = parseArmPath(
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Authorization/roleAssignments/r1',
    );
    assert.equal(
      extension?.scope,
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
    );
    assert.equal(
      extension && resourceId(extension),
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Authorization/roleAssignments/r1',
    );
    assert.equal(
      parseArmPath(
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/g/restart',
      )?.trailing,
      'restart',
    );
  });

  void test('consumes a fault rule for exactly its count of matching requests', () => {
    const { ctx } = engine();
    ctx.state.faults.push(
      faultRule({ scenario: 'unavailable503', method: 'get', pathPattern: '/vnets/', count: 2 }),
    );
    const hits = ['/a/vnets/x', '/a/other', '/a/vnets/y', '/a/vnets/z'].map(
      (p) => takeFault(ctx.state, 'GET', p)?.status,
    );
    assert.deepEqual(hits, [503, undefined, 503, undefined]);
    assert.equal(
      faultResponse(faultRule({ status: 429, retryAfterSeconds: 2 }), 1)?.headers?.['retry-after'],
      '2',
    );
  });

  void test('answers NXDOMAIN, NODATA and REFUSED the way an authoritative server does', () => {
    const { ctx } = engine();
    const zone =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/dnszones/example.test';
    ctx.state.resources.set(zone.toLowerCase(), {
      id: zone,
      name: 'example.test',
      type: 'Microsoft.Network/dnszones',
      properties: {},
    });
    ctx.state.resources.set(`${zone}/a/www`.toLowerCase(), {
      id: `${zone}/A/www`,
      name: 'www',
      type: 'Microsoft.Network/dnszones/A',
      properties: { TTL: 5, ARecords: [{ ipv4Address: '203.0.113.5' }] },
    });
    assert.deepEqual(
      lookup(ctx, 'WWW.example.test', 'A').answers.map((a) => a.type === 'A' && a.address),
      ['203.0.113.5'],
    );
    assert.equal(lookup(ctx, 'www.example.test', 'TXT').rcode, 'NOERROR');
    assert.equal(lookup(ctx, 'nope.example.test', 'A').rcode, 'NXDOMAIN');
    assert.equal(lookup(ctx, 'example.org', 'A').rcode, 'REFUSED');
  });

  void test('completes an operation only once the clock passes its scaled duration', () => {
    const { clock, ctx } = engine();
    let done = false;
    const op = ctx.startOperation({
      name: 'x/write',
      resourceId: '/r',
      durationMs: 60_000,
      complete: () => (done = true),
    });
    clock.advance(59_999);
    ctx.settle();
    assert.deepEqual([op.status, done], ['InProgress', false]);
    clock.advance(1);
    ctx.settle();
    assert.deepEqual([op.status, done], ['Succeeded', true]);
  });
});

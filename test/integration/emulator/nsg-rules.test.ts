// How the emulator decides a flow through an NSG (local/emulator/providers/network/nsg-rules.ts):
// the NSG's rules then Azure's defaults, by priority, the first match deciding each port.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  cidrsOverlap,
  denyingRule,
  parsePortRange,
  type Flow,
  type SecurityRule,
} from '../../../local/emulator/providers/network/nsg-rules.js';

const gatewayManager: Flow = {
  direction: 'Inbound',
  protocol: 'Tcp',
  source: (p) => p === '*' || p === 'GatewayManager' || p === 'Internet',
  destination: () => true,
  ports: [65200, 65535],
};

function rule(
  name: string,
  priority: number,
  access: 'Allow' | 'Deny',
  extra: Record<string, unknown> = {},
): SecurityRule {
  return {
    name,
    properties: {
      priority,
      direction: 'Inbound',
      access,
      protocol: 'Tcp',
      sourceAddressPrefix: 'GatewayManager',
      destinationAddressPrefix: '*',
      destinationPortRange: '65200-65535',
      ...extra,
    },
  };
}

const denyAll = rule('deny', 4096, 'Deny', {
  protocol: '*',
  sourceAddressPrefix: '*',
  destinationPortRange: '*',
});

describe('NSG flow decisions', () => {
  test('allows a flow an earlier allow rule covers, whatever comes after it', () => {
    assert.equal(denyingRule([rule('gm', 100, 'Allow'), denyAll], gatewayManager), undefined);
  });

  test("denies through Azure's DenyAllInBound when no rule allows the flow", () => {
    assert.equal(denyingRule([], gatewayManager)?.name, 'DenyAllInBound');
  });

  test('denies the ports a partial allow leaves open', () => {
    const partial = rule('gm', 100, 'Allow', { destinationPortRange: '65200-65300' });
    assert.equal(denyingRule([partial, denyAll], gatewayManager)?.name, 'deny');
    const split = rule('gm', 100, 'Allow', {
      destinationPortRange: undefined,
      destinationPortRanges: ['65200-65300', '65301-65535'],
    });
    assert.equal(denyingRule([split, denyAll], gatewayManager), undefined);
  });

  test('lets a deny decide when its priority comes first, and ignores rules of other flows', () => {
    assert.equal(
      denyingRule([rule('gm', 200, 'Allow'), rule('block', 100, 'Deny')], gatewayManager)?.name,
      'block',
    );
    const udp = rule('udp', 100, 'Allow', { protocol: 'Udp' });
    const outbound = rule('out', 110, 'Allow', { direction: 'Outbound' });
    const cidr = rule('cidr', 120, 'Allow', { sourceAddressPrefix: '203.0.113.0/24' });
    assert.equal(denyingRule([udp, outbound, cidr], gatewayManager)?.name, 'DenyAllInBound');
  });

  test('reads port ranges and CIDRs as Azure writes them', () => {
    assert.deepEqual(parsePortRange('*'), [0, 65535]);
    assert.deepEqual(parsePortRange('443'), [443, 443]);
    assert.deepEqual(parsePortRange('65200-65535'), [65200, 65535]);
    assert.equal(parsePortRange('80-20'), undefined);
    assert.equal(parsePortRange('any'), undefined);
    assert.equal(cidrsOverlap('192.168.0.0/24', '192.168.0.128/25'), true);
    assert.equal(cidrsOverlap('192.168.0.0/24', '192.168.1.0/24'), false);
    assert.equal(cidrsOverlap('VirtualNetwork', '192.168.1.0/24'), false);
  });
});

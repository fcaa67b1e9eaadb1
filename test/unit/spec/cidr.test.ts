import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contains, overlaps, parseCidr, type Cidr } from '../../../src/spec/cidr.js';

function cidr(text: string): Cidr {
  const result = parseCidr(text);
  if (!result.ok) assert.fail(result.message);
  return result.cidr;
}

describe('CIDR arithmetic', () => {
  test('accepts the whole range of prefix lengths and addresses', () => {
    assert.equal(cidr('0.0.0.0/0').prefix, 0);
    assert.equal(cidr('255.255.255.255/32').network, 0xffffffff);
  });

  test('sees a block at the very end of the address space as inside it', () => {
    assert.ok(contains(cidr('192.168.0.0/16'), cidr('192.168.255.248/29')));
    assert.ok(!contains(cidr('192.168.0.0/16'), cidr('192.169.0.0/29')));
    assert.ok(!contains(cidr('192.168.1.0/24'), cidr('192.168.0.0/16')));
  });

  test('sees a block as inside itself, so a subnet may take the whole address space', () => {
    assert.ok(contains(cidr('192.168.1.0/24'), cidr('192.168.1.0/24')));
  });

  test('sees adjacent blocks as not overlapping and nested blocks as overlapping', () => {
    assert.ok(!overlaps(cidr('192.168.0.0/25'), cidr('192.168.0.128/25')));
    assert.ok(!overlaps(cidr('192.168.0.128/25'), cidr('192.168.0.0/25')));
    assert.ok(overlaps(cidr('192.168.0.0/24'), cidr('192.168.0.128/25')));
    assert.ok(overlaps(cidr('192.168.0.128/25'), cidr('192.168.0.0/24')));
  });

  test('rejects a prefix length above 32', () => {
    const result = parseCidr('192.168.0.0/33');
    assert.deepEqual(result, { ok: false, message: '192.168.0.0/33 has a prefix length above 32' });
  });

  for (const text of [' 192.168.1.0/24', '192.168.1.0/24 ', 'x192.168.1.0/24', '192.168.1.0/245']) {
    test(`rejects ${JSON.stringify(text)}, which holds more than a CIDR block`, () => {
      assert.deepEqual(parseCidr(text), {
        ok: false,
        message: `${text} is not a CIDR block; write it like 192.168.1.0/24`,
      });
    });
  }
});

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { refreshIntervalMs } from '../../../../local/runtime/gateway/certificate-store.js';
import { readListenerPfx } from '../../../../local/runtime/gateway/pfx.js';
import { probeIntervalMs } from '../../../../local/runtime/gateway/prober.js';
import { issueLeaf, pfxOf, testCa } from '../../../support/gateway-pki.js';

void describe("the local gateway's certificates and intervals", () => {
  void test('reads a Key Vault PFX as the key and the chain, leaf first', () => {
    const ca = testCa('Gateway PFX Root');
    const leaf = issueLeaf(ca, ['app.contoso.example']);
    const pem = readListenerPfx(pfxOf(leaf, ca));
    const chain =
      pem.certPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    assert.equal(chain.length, 2);
    assert.equal(new X509Certificate(chain[0] ?? '').serialNumber, leaf.serial);
    assert.match(pem.keyPem, /BEGIN PRIVATE KEY/);
  });

  void test('refuses a PFX that is not one', () => {
    assert.throws(() => readListenerPfx(Buffer.from('not a pfx').toString('base64')));
  });

  void test('polls Key Vault every four hours of Azure time, never more often than once a second', () => {
    assert.equal(refreshIntervalMs(1), 4 * 3600 * 1000);
    assert.equal(refreshIntervalMs(0.001), 14_400);
    assert.equal(refreshIntervalMs(0.00001), 1000);
  });

  void test('probes each interval of Azure time, never more often than every 250 ms', () => {
    assert.equal(probeIntervalMs(30, 1), 30_000);
    assert.equal(probeIntervalMs(30, 0.01), 300);
    assert.equal(probeIntervalMs(30, 0.001), 250);
  });
});

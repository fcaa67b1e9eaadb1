// The local gateway's listener certificate follows Key Vault: a new version of the version-less
// secret is served after the (time-scaled) four-hour poll, on the same server, without dropping
// the connections it holds.
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { after, describe, test } from 'node:test';
import { issueLeaf, pfxOf, testCa } from '../../support/gateway-pki.js';
import { gatewayRecord, HOST, PRINCIPAL_ID, SECRET_ID } from '../../support/gateway-record.js';
import { until } from '../../support/eventually.js';
import { call, fakeVault, startGateway, type RunningGateway } from './gateway-rig.js';

const root = testCa('Frontend Rotation Root');
const v1 = issueLeaf(root, [HOST]);
const v2 = issueLeaf(root, [HOST]);

void describe('the local gateway listener certificate', () => {
  let g: RunningGateway | undefined;
  after(() => g?.gateway.close());

  void test('is read as the gateway identity and rotated to a new secret version without a restart', async () => {
    const vault = fakeVault(pfxOf(v1, root), 'v1');
    // 4 h × 1/14400 = 1 s, the shortest poll the gateway allows.
    g = await startGateway(gatewayRecord({ members: [] }), 1, vault.readSecret, 1 / 14_400);
    assert.deepEqual(vault.reads, [`${SECRET_ID} as ${PRINCIPAL_ID}`]);
    const port = g.port('Https');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const options = { ca: root.certPem, agent };
    const before = await call(port, '/', options);
    assert.equal(before.serial, v1.serial);
    assert.deepEqual(
      g.gateway.certificates().map((c) => c.version),
      ['v1'],
    );

    vault.set(pfxOf(v2, root), 'v2');
    await until(async () => (await call(port, '/', { ca: root.certPem })).serial === v2.serial, {
      deadlineMs: 10_000,
      what: 'version v2 served',
    });
    assert.equal(g.port('Https'), port, 'the same server, on the same port');
    const kept = await call(port, '/', options);
    assert.equal(
      kept.socket,
      before.socket,
      'a connection opened before the rotation still serves',
    );
    assert.ok(
      g.logs.some((l) => l.includes('serving version v2 (was v1)')),
      g.logs.join('\n'),
    );
    assert.deepEqual(
      g.gateway.certificates().map((c) => c.version),
      ['v2'],
    );
    agent.destroy();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVault } from '../../src/azure/key-vault.js';
import { certificateTags } from '../../src/certs/certificate-tags.js';
import { adminRequest } from '../support/admin.js';
import { until } from '../support/eventually.js';
import { certificateFor } from '../support/certificates.js';
import { emulatorConnection } from '../support/emulator-connection.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '00000000-0000-0000-0000-000000000000';
const spec = withImportedImages(exampleInput('minimal'));
const names = ['app.contoso.example'];

describe('certificate renewal', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    // A restart takes 150 ms here (30 s in Azure): long enough that restarts sent together overlap.
    stack = await startLocalStack({
      timeScale: 0.005,
      publicZones: [
        { subscriptionId: SUB, resourceGroup: 'rg-contoso-dev', zone: 'contoso.example' },
      ],
    });
    assert.equal((await stack.api('POST', '/api/environments', spec)).status, 202);
    await until(
      async () => (await stack.instance('environment-contoso-dev'))?.runtimeStatus === 'Completed',
    );
  });
  after(() => stack?.stop());

  async function renew(): Promise<{ action: string; restarted: string[] }> {
    await stack.fire('renewCertificates');
    let output: unknown;
    await until(async () => {
      const status = await stack.instance('renew-contoso-dev');
      assert.notEqual(status?.runtimeStatus, 'Failed', JSON.stringify(status));
      output = status?.output;
      return status?.runtimeStatus === 'Completed';
    });
    return output as { action: string; restarted: string[] };
  }

  async function vault() {
    const resource = await adminRequest(
      stack.emu,
      'GET',
      `/subscriptions/${SUB}/resourceGroups/rg-contoso-dev/providers/Microsoft.KeyVault/vaults/kv-contoso-dev-vwwnhcgt?api-version=2026-02-01`,
    );
    return createVault(
      emulatorConnection(stack.emu),
      (resource.properties as { vaultUri: string }).vaultUri,
    );
  }

  test('keeps a certificate that is not due, restarting nothing', async () => {
    const result = await renew();
    assert.equal(result.action, 'kept');
    assert.deepEqual(result.restarted, []);
  });

  test('renews a certificate within its renewal window and restarts the groups one at a time', async () => {
    const expiring = certificateFor(names, new Date(Date.now() + 5 * 86_400_000));
    await (
      await vault()
    ).importPemCertificate(
      'app-contoso-example',
      expiring,
      certificateTags(names, stack.pebble.directoryUrl),
    );
    const result = await renew();
    assert.equal(result.action, 'issued');
    assert.deepEqual(result.restarted, [
      'ci-contoso-dev-app-1',
      'ci-contoso-dev-app-2',
      'ci-contoso-dev-dashboard',
    ]);
    const current = await (await vault()).getCertificate('app-contoso-example');
    assert.ok(
      current && current.notAfter.getTime() > Date.now() + 30 * 86_400_000,
      'the new certificate is valid well beyond the window',
    );
    assert.doesNotMatch(current?.issuer ?? '', /expiring test issuer/);
    // One at a time: each restart operation starts only after the previous one has ended.
    const operations = (
      (await adminRequest(stack.emu, 'GET', '/_emulator/state')).operations as {
        name: string;
        resourceId: string;
        startTime: string;
        endTime?: string;
      }[]
    )
      .filter((op) => op.name === 'Microsoft.ContainerInstance/containerGroups/restart/action')
      .sort((a, b) => a.startTime.localeCompare(b.startTime));
    assert.deepEqual(
      operations.map((op) => op.resourceId.split('/').at(-1)),
      ['ci-contoso-dev-app-1', 'ci-contoso-dev-app-2', 'ci-contoso-dev-dashboard'],
    );
    operations.slice(1).forEach((next, i) => {
      const previous = operations[i]!;
      assert.ok(previous.endTime, `${previous.resourceId} restart ended`);
      assert.ok(
        next.startTime >= previous.endTime,
        `${next.resourceId} restarted at ${next.startTime}, before ${previous.resourceId} was back (${previous.endTime})`,
      );
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CertificateClient } from '@azure/keyvault-certificates';
import { createVault } from '../../src/azure/key-vault.js';
import { certificateTags } from '../../src/certs/certificate-tags.js';
import { adminRequest } from '../support/admin.js';
import { until } from '../support/eventually.js';
import { pkcs12For } from '../support/certificates.js';
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
    stack = await startLocalStack({
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

  async function renew(): Promise<{ action: string; version: string }> {
    await stack.fire('renewCertificates');
    let output: unknown;
    await until(async () => {
      const status = await stack.instance('renew-contoso-dev');
      assert.notEqual(status?.runtimeStatus, 'Failed', JSON.stringify(status));
      output = status?.output;
      return status?.runtimeStatus === 'Completed';
    });
    return output as { action: string; version: string };
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

  /** Every restart a renewal could have sent, from the emulator's request log. */
  async function restarts(): Promise<string[]> {
    const log = (await adminRequest(stack.emu, 'GET', '/_emulator/requests')).value as {
      method: string;
      path: string;
    }[];
    return log
      .filter((r) => r.method === 'POST' && /\/(restart|stop|start)$/.test(r.path))
      .map((r) => r.path);
  }

  test('keeps a certificate that is not due', async () => {
    const result = await renew();
    assert.equal(result.action, 'kept');
  });

  test('renews a certificate within its renewal window as a new Key Vault version, restarting nothing', async () => {
    // A PKCS#12 certificate of ours, five days from expiry: inside the 30-day window.
    const certificates = new CertificateClient(
      (await vault()).url,
      emulatorConnection(stack.emu).credential,
      emulatorConnection(stack.emu).vaultOptions,
    );
    await certificates.importCertificate(
      'app-contoso-example',
      pkcs12For(names, new Date(Date.now() + 5 * 86_400_000)),
      {
        policy: { contentType: 'application/x-pkcs12', exportable: true },
        tags: certificateTags(names, stack.pebble.directoryUrl),
      },
    );
    const before = await restarts();
    const result = await renew();
    assert.equal(result.action, 'issued');
    const current = await (await vault()).getCertificate('app-contoso-example');
    assert.ok(
      current && current.notAfter.getTime() > Date.now() + 30 * 86_400_000,
      'the new certificate is valid well beyond the window',
    );
    assert.equal(current?.contentType, 'application/x-pkcs12');
    assert.equal(current?.version, result.version);
    assert.doesNotMatch(current?.issuer ?? '', /expiring test issuer/);
    // The sidecars and the gateway pick the new version up from Key Vault by themselves.
    assert.deepEqual((await restarts()).slice(before.length), [], 'the renewal restarted a group');
  });
});

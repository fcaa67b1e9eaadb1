// A container of the local twin gets its managed identity through DefaultAzureCredential from the
// runtime's loopback IMDS (AZURE_POD_IDENTITY_AUTHORITY_HOST); nothing may point it off this machine.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DefaultAzureCredential } from '@azure/identity';
import { connect, DeferredDefaultAzureCredential } from '../../src/azure/connection.js';
import { readSettings } from '../../src/settings.js';

const LOCAL = {
  ACI_VNET_SIDECARS_CLOUD: 'local',
  ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
};
const ENDPOINT = 'http://127.0.0.1:41234/containers/0123456789abcdef0123456789abcdef';
const CONTAINER = { ...LOCAL, AZURE_POD_IDENTITY_AUTHORITY_HOST: ENDPOINT };
const PROD_CHAIN = { AZURE_TOKEN_CREDENTIALS: 'prod' };

function problems(env: Record<string, string>) {
  const read = readSettings(env);
  return read.ok ? [] : read.problems;
}

void describe('the managed identity endpoint of a local container', () => {
  void test('is read when local, on 127.0.0.0/8 or [::1], with or without a port and path', () => {
    for (const endpoint of [
      ENDPOINT,
      'http://127.0.1.7:80',
      'http://[::1]:8080/containers/k',
      'http://127.255.255.255',
    ]) {
      const read = readSettings({
        ...LOCAL,
        ...PROD_CHAIN,
        AZURE_POD_IDENTITY_AUTHORITY_HOST: endpoint,
      });
      assert.ok(read.ok, `${endpoint}: ${JSON.stringify(read)}`);
      assert.equal(read.settings.managedIdentityEndpoint, endpoint);
    }
  });

  void test('is refused anywhere off this machine, naming the setting', () => {
    for (const endpoint of [
      'http://169.254.169.254',
      'http://10.0.0.4:8080',
      'https://127.0.0.1:1',
      'http://localhost:1',
      'http://127.0.0.1.nip.io:1',
      'http://127.0.0.1@203.0.113.5:1',
      'http://127.0.0.256:1',
      'http://127.0.0.1:1/path?x=1',
    ]) {
      const found = problems({
        ...CONTAINER,
        ...PROD_CHAIN,
        AZURE_POD_IDENTITY_AUTHORITY_HOST: endpoint,
      });
      assert.equal(found.length, 1, endpoint);
      assert.equal(found[0]?.path, 'AZURE_POD_IDENTITY_AUTHORITY_HOST', endpoint);
      assert.match(found[0]?.message ?? '', /127\.0\.0\.0\/8 or \[::1\]/);
    }
  });

  void test('is refused in Azure, where the platform has its own', () => {
    assert.deepEqual(problems({ AZURE_POD_IDENTITY_AUTHORITY_HOST: ENDPOINT, ...PROD_CHAIN }), [
      {
        path: 'AZURE_POD_IDENTITY_AUTHORITY_HOST',
        message:
          "is for local runs only (ACI_VNET_SIDECARS_CLOUD local); in Azure, DefaultAzureCredential reaches the platform's own managed identity endpoint: remove it",
      },
    ]);
  });

  void test('needs a credential chain that stops at the managed identity', () => {
    const [problem] = problems(CONTAINER);
    assert.equal(problem?.path, 'AZURE_TOKEN_CREDENTIALS');
    assert.match(problem?.message ?? '', /must be prod .* it is unset$/);
    assert.match(
      problems({ ...CONTAINER, AZURE_TOKEN_CREDENTIALS: 'dev' })[0]?.message ?? '',
      /it is dev$/,
    );
    assert.ok(
      readSettings({ ...CONTAINER, AZURE_TOKEN_CREDENTIALS: ' ManagedIdentityCredential ' }).ok,
    );
  });

  void test('makes the app use DefaultAzureCredential, as in ACI; without it, the local token', async () => {
    const container = readSettings({ ...CONTAINER, ...PROD_CHAIN });
    const host = readSettings(LOCAL);
    assert.ok(container.ok && host.ok);
    // Built at the first token request, so that start-up does not load @azure/identity.
    const credential = connect(container.settings).credential;
    assert.ok(credential instanceof DeferredDefaultAzureCredential);
    assert.ok((await credential.resolve()) instanceof DefaultAzureCredential);
    assert.ok(!(connect(host.settings).credential instanceof DeferredDefaultAzureCredential));
    assert.equal(host.settings.managedIdentityEndpoint, undefined);
    // The emulator's vault still cannot match the challenge's resource (vault.azure.net).
    assert.equal(
      connect(container.settings).vaultOptions.disableChallengeResourceVerification,
      true,
    );
  });
});

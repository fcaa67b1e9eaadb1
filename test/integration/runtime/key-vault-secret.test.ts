// The local gateway reads its listener certificate from an emulated vault's data plane as its
// identity, and from nowhere else.
import type { CertificateClient } from '@azure/keyvault-certificates';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { keyVaultSecretReader } from '../../../local/runtime/gateway/index.js';
import { readListenerPfx } from '../../../local/runtime/gateway/pfx.js';
import { selfSigned } from '../emulator/test-certificates.js';
import { startWithVault } from '../emulator/vault-helpers.js';

const PRINCIPAL = '22222222-3333-4444-8555-666666666666';

/** An unsigned JWT naming the principal: what the emulator reads (`oid`). */
function unsignedToken(principalId: string, audience: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ oid: principalId, aud: audience })}.`;
}

void describe('the local gateway reading Key Vault', () => {
  let emu: EmulatorHandle;
  let vaultUri: string;
  let certificates: CertificateClient;
  const minted: string[] = [];

  before(async () => {
    ({ emu, vaultUri, certificates } = await startWithVault('rg-gw-secret', 'kv-gw-secret'));
    await certificates.importCertificate('app-cert', selfSigned('app.contoso.example').pfx);
  });
  after(() => emu.stop());

  const read = keyVaultSecretReader({
    get caPem() {
      return emu.caPem;
    },
    mintToken: (principalId, audience) => {
      minted.push(`${principalId} for ${audience}`);
      return unsignedToken(principalId, audience);
    },
  });

  void test('reads the latest version of a version-less secret id with a token for the gateway identity', async () => {
    const secret = await read(`${vaultUri}secrets/app-cert`, { principalId: PRINCIPAL });
    assert.equal(secret.contentType, 'application/x-pkcs12');
    assert.match(secret.id, new RegExp(`^${vaultUri}secrets/app-cert/[0-9a-f]{32}$`));
    assert.match(readListenerPfx(secret.value).certPem, /BEGIN CERTIFICATE/);
    assert.deepEqual(minted, [`${PRINCIPAL} for https://vault.azure.net`]);
  });

  void test('says what Key Vault answered when it cannot read the secret', async () => {
    await assert.rejects(
      read(`${vaultUri}secrets/missing`, { principalId: PRINCIPAL }),
      /404 SecretNotFound/,
    );
  });

  void test('refuses a vault that is not on this machine, before connecting', async () => {
    const count = minted.length;
    await assert.rejects(
      read('https://kv-prod.vault.azure.net/secrets/app-cert', { principalId: PRINCIPAL }),
      /not an emulated vault on this machine's loopback/,
    );
    assert.equal(minted.length, count, 'no token was even minted');
  });
});

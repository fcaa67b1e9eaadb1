// A role assignment scoped to one Key Vault secret grants that secret and its versions only
// (articles/key-vault/general/rbac-guide.md, "Secret scope role assignment"): any other secret of
// the vault, the ACME account key included, answers Key Vault's 403 ForbiddenByRbac.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { rgPath, startTestEmulator } from './helpers.js';
import {
  assignRole,
  createRbacVault,
  TEN_MINUTES,
  vaultCall,
  vaultId,
  VAULT_ROLES,
  type VaultErrorBody,
} from './key-vault-rbac-rig.js';

const RG = 'rg-kv-secret-scope';
const VAULT_ID = vaultId(RG, 'kv-secret-scope');
const CERTIFICATE_SECRET = 'app-contoso-example';
const ROLES = VAULT_ROLES;

void describe('emulator Key Vault: a role assignment scoped to one secret', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let vaultUri: string;
  const owner = randomUUID();
  const sidecar = randomUUID();
  let firstVersion = '';

  const vault = (principalId: string, method: string, path: string, body?: unknown) =>
    vaultCall(emu, vaultUri, clock, principalId, method, path, body);
  const assign = async (scope: string, role: string, principalId: string) =>
    (await assignRole(emu, scope, role, principalId)).answer;

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    vaultUri = await createRbacVault(emu, VAULT_ID);
    assert.equal((await assign(VAULT_ID, ROLES.secretsOfficer, owner)).status, 201);
    // Granted before the secret exists, as the plan does (the certificate is issued later).
    const scoped = await assign(
      `${VAULT_ID}/secrets/${CERTIFICATE_SECRET}`,
      ROLES.secretsUser,
      sidecar,
    );
    assert.equal(scoped.status, 201, JSON.stringify(scoped.body));
    assert.equal(
      (scoped.body as { properties: { scope: string } }).properties.scope,
      `${VAULT_ID}/secrets/${CERTIFICATE_SECRET}`,
    );
    clock.advance(TEN_MINUTES);
    for (const [name, value] of [
      [CERTIFICATE_SECRET, 'v1'],
      [CERTIFICATE_SECRET, 'v2'],
      [`${CERTIFICATE_SECRET}-old`, 'old'],
      ['acme-account-key', 'account key'],
    ] as const) {
      const set = await vault(owner, 'PUT', `/secrets/${name}`, { value });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      if (value === 'v1')
        firstVersion = String((set.body as { id: string }).id)
          .split('/')
          .pop()!;
    }
  });
  after(() => emu.stop());

  void test('reads that secret, its current and an older version, and lists its versions', async () => {
    const current = await vault(sidecar, 'GET', `/secrets/${CERTIFICATE_SECRET}`);
    assert.equal(current.status, 200);
    assert.equal((current.body as { value: string }).value, 'v2');
    const older = await vault(sidecar, 'GET', `/secrets/${CERTIFICATE_SECRET}/${firstVersion}`);
    assert.equal(older.status, 200);
    assert.equal((older.body as { value: string }).value, 'v1');
    assert.equal(
      (await vault(sidecar, 'GET', `/secrets/${CERTIFICATE_SECRET}/versions`)).status,
      200,
    );
  });

  void test("cannot read the ACME account key: Key Vault's 403 ForbiddenByRbac naming that secret", async () => {
    const answer = await vault(sidecar, 'GET', '/secrets/acme-account-key');
    assert.equal(answer.status, 403);
    const { error } = answer.body as VaultErrorBody;
    assert.equal(error.code, 'Forbidden');
    assert.equal(error.innererror?.code, 'ForbiddenByRbac');
    assert.match(error.message, /^Caller is not authorized to perform action on resource\.\r\n/);
    assert.match(
      error.message,
      /Action: 'Microsoft\.KeyVault\/vaults\/secrets\/getSecret\/action'/,
    );
    assert.ok(
      error.message.includes(`Resource: '${VAULT_ID.toLowerCase()}/secrets/acme-account-key'`),
      error.message,
    );
    assert.ok(!JSON.stringify(answer.body).includes('account key'), 'no value in the refusal');
    // The vault's own identity with a vault-wide role still reads it.
    assert.equal((await vault(owner, 'GET', '/secrets/acme-account-key')).status, 200);
  });

  void test('grants no secret whose name merely starts with the same name, nor the list of secrets', async () => {
    assert.equal((await vault(sidecar, 'GET', `/secrets/${CERTIFICATE_SECRET}-old`)).status, 403);
    assert.equal((await vault(sidecar, 'GET', '/secrets')).status, 403);
    assert.equal(
      (await vault(sidecar, 'PUT', `/secrets/${CERTIFICATE_SECRET}`, { value: 'v3' })).status,
      403,
    );
  });

  void test('is refused on a secret of a vault that does not exist', async () => {
    const missing = await assign(
      `${rgPath(RG)}/providers/Microsoft.KeyVault/vaults/kv-nowhere/secrets/${CERTIFICATE_SECRET}`,
      ROLES.secretsUser,
      sidecar,
    );
    assert.equal(missing.status, 404);
    assert.equal((missing.body as VaultErrorBody).error.code, 'ParentResourceNotFound');
  });
});

// Key Vault's data plane under Azure RBAC: the caller's role assignments decide, and a new one
// grants nothing until it has taken effect ("it can take up to 10 minutes for changes to take
// effect", articles/role-based-access-control/troubleshooting.md). Real durations on a manual
// clock: nothing takes effect until the test advances time.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { raw, rgPath, startTestEmulator, SUB } from './helpers.js';
import {
  assignRole,
  createRbacVault,
  TEN_MINUTES,
  vaultCall,
  vaultId,
  VAULT_ROLES,
  type VaultErrorBody,
} from './key-vault-rbac-rig.js';

const RG = 'rg-kv-rbac';
const VAULT_ID = vaultId(RG, 'kv-rbac');
const ROLES = VAULT_ROLES;

void describe('emulator Key Vault data plane under Azure RBAC', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let vaultUri: string;

  const principal = () => randomUUID();
  const vault = (principalId: string | undefined, method: string, path: string, body?: unknown) =>
    vaultCall(emu, vaultUri, clock, principalId, method, path, body);
  const assign = async (scope: string, role: string, principalId: string) => {
    const { id, answer } = await assignRole(emu, scope, role, principalId);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return id;
  };

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    vaultUri = await createRbacVault(emu, VAULT_ID);
  });
  after(() => emu.stop());

  void test('refuses a caller without a role on the vault: 403 ForbiddenByRbac naming caller, action and object', async () => {
    const nobody = principal();
    const answer = await vault(nobody, 'GET', '/secrets/app-secret');
    assert.equal(answer.status, 403);
    const { error } = answer.body as VaultErrorBody;
    assert.equal(error.code, 'Forbidden');
    assert.equal(error.innererror?.code, 'ForbiddenByRbac');
    assert.match(error.message, /^Caller is not authorized to perform action on resource\.\r\n/);
    assert.match(error.message, new RegExp(`Caller: appid=;oid=${nobody};`));
    assert.match(
      error.message,
      /Action: 'Microsoft\.KeyVault\/vaults\/secrets\/getSecret\/action'/,
    );
    assert.ok(
      error.message.includes(`Resource: '${VAULT_ID.toLowerCase()}/secrets/app-secret'`),
      error.message,
    );
  });

  void test('grants a new assignment only once it has taken effect, ten minutes after its creation', async () => {
    const app = principal();
    const id = await assign(VAULT_ID, ROLES.secretsOfficer, app);
    const assignment = await raw(emu, 'GET', `${id}?api-version=2022-04-01`);
    const createdOn = (assignment.body as { properties: { createdOn?: string } }).properties
      .createdOn;
    assert.equal(createdOn, new Date(clock.now()).toISOString());

    const early = await vault(app, 'PUT', '/secrets/app-secret', { value: 'v1' });
    assert.equal(early.status, 403);
    assert.match(
      (early.body as VaultErrorBody).error.message,
      /If role assignments, deny assignments or role definitions were changed recently, please observe propagation time\./,
    );
    clock.advance(TEN_MINUTES - 1_000);
    assert.equal((await vault(app, 'PUT', '/secrets/app-secret', { value: 'v1' })).status, 403);
    clock.advance(1_000);
    assert.equal((await vault(app, 'PUT', '/secrets/app-secret', { value: 'v1' })).status, 200);
    assert.equal((await vault(app, 'GET', '/secrets/app-secret')).status, 200);
  });

  void test("grants only the role's data actions: Secrets User reads a secret, cannot set one or read certificates", async () => {
    const reader = principal();
    await assign(VAULT_ID, ROLES.secretsUser, reader);
    clock.advance(TEN_MINUTES);
    assert.equal((await vault(reader, 'GET', '/secrets/app-secret')).status, 200);
    const write = await vault(reader, 'PUT', '/secrets/app-secret', { value: 'v2' });
    assert.equal(write.status, 403);
    assert.match(
      (write.body as VaultErrorBody).error.message,
      /Action: 'Microsoft\.KeyVault\/vaults\/secrets\/setSecret\/action'/,
    );
    assert.equal((await vault(reader, 'GET', '/certificates')).status, 403);
  });

  void test('an assignment on the resource group or the subscription covers the vault, after the same delay', async () => {
    const groupAdmin = principal();
    const subscriptionReader = principal();
    await assign(rgPath(RG), ROLES.administrator, groupAdmin);
    await assign(`/subscriptions/${SUB}`, ROLES.secretsUser, subscriptionReader);
    assert.equal((await vault(groupAdmin, 'GET', '/certificates')).status, 403);
    assert.equal((await vault(subscriptionReader, 'GET', '/secrets/app-secret')).status, 403);
    clock.advance(TEN_MINUTES);
    assert.equal((await vault(groupAdmin, 'GET', '/certificates')).status, 200);
    assert.equal((await vault(subscriptionReader, 'GET', '/secrets/app-secret')).status, 200);
    const other = await raw(emu, 'PUT', `${rgPath('rg-other')}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
    assert.ok(other.status < 300);
    const elsewhere = principal();
    await assign(rgPath('rg-other'), ROLES.administrator, elsewhere);
    clock.advance(TEN_MINUTES);
    assert.equal((await vault(elsewhere, 'GET', '/certificates')).status, 403);
  });

  void test('stops granting as soon as the assignment is deleted', async () => {
    const app = principal();
    const id = await assign(VAULT_ID, ROLES.secretsUser, app);
    clock.advance(TEN_MINUTES);
    assert.equal((await vault(app, 'GET', '/secrets/app-secret')).status, 200);
    assert.ok((await raw(emu, 'DELETE', `${id}?api-version=2022-04-01`)).status < 300);
    assert.equal((await vault(app, 'GET', '/secrets/app-secret')).status, 403);
  });

  void test('a token that names nobody is not authenticated: 401', async () => {
    const anonymous = await vault(undefined, 'GET', '/secrets/app-secret');
    assert.equal(anonymous.status, 401);
    assert.equal((anonymous.body as VaultErrorBody).error.code, 'Unauthorized');
    const opaque = await raw(
      emu,
      'GET',
      '/secrets/app-secret?api-version=7.6',
      undefined,
      { authorization: 'Bearer emulator-token' },
      vaultUri,
    );
    assert.equal(opaque.status, 401);
  });
});

// Key Vault's data plane under Azure RBAC: the caller's role assignments decide, and a new one
// grants nothing until it has taken effect ("it can take up to 10 minutes for changes to take
// effect", articles/role-based-access-control/troubleshooting.md). Real durations on a manual
// clock: nothing takes effect until the test advances time.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { localAccessToken } from '../../../src/azure/local-token.js';
import { raw, rgPath, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-kv-rbac';
const VAULT = 'kv-rbac';
const VAULT_ID = `${rgPath(RG)}/providers/Microsoft.KeyVault/vaults/${VAULT}`;
const ROLES = {
  administrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
};
const TEN_MINUTES = 10 * 60_000;

interface VaultErrorBody {
  error: { code: string; message: string; innererror?: { code: string } };
}

void describe('emulator Key Vault data plane under Azure RBAC', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let vaultUri: string;

  const principal = () => randomUUID();
  const bearer = (principalId: string | undefined) => ({
    authorization: `Bearer ${localAccessToken({ principalId, audience: 'https://vault.azure.net', now: clock.now() })}`,
  });
  const vault = (principalId: string | undefined, method: string, path: string, body?: unknown) =>
    raw(emu, method, `${path}?api-version=7.6`, body, bearer(principalId), vaultUri);
  const assign = async (scope: string, role: string, principalId: string) => {
    const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
    const answer = await raw(emu, 'PUT', `${id}?api-version=2022-04-01`, {
      properties: {
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
        principalId,
        principalType: 'ServicePrincipal',
      },
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return id;
  };

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    await raw(emu, 'PUT', `${rgPath(RG)}?api-version=2025-04-01`, { location: 'westeurope' });
    const created = await raw(emu, 'PUT', `${VAULT_ID}?api-version=2026-02-01`, {
      location: 'westeurope',
      properties: {
        tenantId: emu.tenantId,
        sku: { family: 'A', name: 'standard' },
        enableRbacAuthorization: true,
      },
    });
    vaultUri = (created.body as { properties: { vaultUri: string } }).properties.vaultUri;
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

// Key Vault soft delete and purge protection keep a vault's name (soft-delete-overview.md,
// key-vault-recovery.md): the emulator refuses what Azure refuses and recovers what Azure recovers.
import { KeyVaultManagementClient, type Vault } from '@azure/arm-keyvault';
import { ResourceManagementClient } from '@azure/arm-resources';
import { CertificateClient } from '@azure/keyvault-certificates';
import { SecretClient } from '@azure/keyvault-secrets';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { pkcs12For } from '../../support/certificates.js';
import { until } from '../../support/eventually.js';
import { armOptions, fakeCredential, LRO, raw, rgPath, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-kv-soft';
const OTHER_RG = 'rg-kv-soft-other';
const API = 'api-version=2025-05-01';

const vaultPath = (rg: string, name: string) =>
  `${rgPath(rg)}/providers/Microsoft.KeyVault/vaults/${name}?${API}`;
const deletedPath = (name: string, location = 'westeurope') =>
  `/subscriptions/${SUB}/providers/Microsoft.KeyVault/locations/${location}/deletedVaults/${name}`;

function errorOf(body: unknown): { code?: string; message?: string } {
  return (body as { error?: { code?: string; message?: string } }).error ?? {};
}

async function startWithGroups(timeScale?: number) {
  const emu = await startTestEmulator(timeScale === undefined ? {} : { timeScale });
  const options = armOptions(emu);
  const groups = new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups;
  for (const rg of [RG, OTHER_RG]) await groups.createOrUpdate(rg, { location: 'westeurope' });
  return { emu, vaults: new KeyVaultManagementClient(fakeCredential, SUB, options).vaults };
}

function vaultBody(emu: EmulatorHandle, extra: Record<string, unknown> = {}) {
  return {
    location: 'westeurope',
    tags: { owner: 'first' },
    properties: {
      tenantId: emu.tenantId,
      sku: { family: 'A' as const, name: 'standard' as const },
      softDeleteRetentionInDays: 7,
      ...extra,
    },
  };
}

void describe('emulator Key Vault soft delete', () => {
  let emu: EmulatorHandle;
  let vaults: KeyVaultManagementClient['vaults'];

  before(async () => {
    ({ emu, vaults } = await startWithGroups());
  });
  after(() => emu.stop());

  const create = (name: string, extra: Record<string, unknown> = {}, rg = RG): Promise<Vault> =>
    vaults.createOrUpdate(rg, name, vaultBody(emu, extra), LRO).pollUntilDone();

  function dataPlane(vault: Vault) {
    const options = { tlsOptions: { ca: emu.caPem }, disableChallengeResourceVerification: true };
    const uri = vault.properties.vaultUri ?? '';
    return {
      secrets: new SecretClient(uri, fakeCredential, options),
      certificates: new CertificateClient(uri, fakeCredential, options),
    };
  }

  void test('keeps a deleted vault as a deletedVaults proxy in its location, its data plane closed', async () => {
    const vault = await create('kv-soft-listed');
    await vaults.delete(RG, 'kv-soft-listed');
    assert.equal((await raw(emu, 'GET', vaultPath(RG, 'kv-soft-listed'))).status, 404);
    const listed = [];
    for await (const deleted of vaults.listDeleted()) listed.push(deleted);
    const entry = listed.find((d) => d.name === 'kv-soft-listed');
    assert.ok(entry, 'listed at /subscriptions/{s}/providers/Microsoft.KeyVault/deletedVaults');
    assert.equal(entry.id, deletedPath('kv-soft-listed'));
    assert.equal(entry.properties?.vaultId, vault.id);
    assert.equal(entry.properties?.location, 'westeurope');
    assert.equal(entry.properties?.purgeProtectionEnabled, false);
    const { deletionDate, scheduledPurgeDate } = entry.properties ?? {};
    assert.ok(deletionDate && scheduledPurgeDate);
    assert.equal(scheduledPurgeDate.getTime() - deletionDate.getTime(), 7 * 86_400_000);

    const byLocation = await vaults.getDeleted('kv-soft-listed', 'westeurope');
    assert.equal(byLocation.properties?.vaultId, vault.id);
    const elsewhere = await raw(
      emu,
      'GET',
      `${deletedPath('kv-soft-listed', 'northeurope')}?${API}`,
    );
    assert.equal(elsewhere.status, 404);
    assert.equal(errorOf(elsewhere.body).code, 'DeletedVaultNotFound');
    await assert.rejects(dataPlane(vault).secrets.getSecret('anything'), { statusCode: 404 });
  });

  void test('refuses a new vault of a soft-deleted name, in its resource group and in any other', async () => {
    await create('kv-soft-taken');
    await vaults.delete(RG, 'kv-soft-taken');
    for (const rg of [RG, OTHER_RG]) {
      const refused = await raw(emu, 'PUT', vaultPath(rg, 'kv-soft-taken'), vaultBody(emu));
      assert.equal(refused.status, 409, rg);
      assert.deepEqual(errorOf(refused.body), {
        code: 'ConflictError',
        message:
          'A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. Follow this link https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete.',
      });
    }
  });

  void test('refuses a second live vault of the same name: vault names are global', async () => {
    await create('kv-soft-global');
    const refused = await raw(emu, 'PUT', vaultPath(OTHER_RG, 'kv-soft-global'), vaultBody(emu));
    assert.equal(refused.status, 409);
    assert.equal(errorOf(refused.body).code, 'VaultAlreadyExists');
  });

  void test('recovers the vault as it was deleted, certificates and secrets included', async () => {
    const vault = await create('kv-soft-recover', { enablePurgeProtection: true });
    const { secrets, certificates } = dataPlane(vault);
    await secrets.setSecret('acme-account', 'kept');
    await certificates.importCertificate(
      'site',
      pkcs12For(['app.contoso.example'], new Date(Date.now() + 80 * 86_400_000)),
      { policy: { contentType: 'application/x-pkcs12', exportable: true } },
    );
    await vaults.delete(RG, 'kv-soft-recover');

    const recovered = await vaults
      .createOrUpdate(
        RG,
        'kv-soft-recover',
        {
          location: 'westeurope',
          tags: { owner: 'second' },
          properties: {
            tenantId: emu.tenantId,
            sku: { family: 'A', name: 'premium' },
            createMode: 'recover',
          },
        },
        LRO,
      )
      .pollUntilDone();
    // A recover restores the vault's own settings, not the body's (Azure/azure-rest-api-specs#21306).
    assert.deepEqual(recovered.tags, { owner: 'first' });
    assert.equal(recovered.properties.sku.name, 'standard');
    assert.equal(recovered.properties.enablePurgeProtection, true);
    assert.equal(recovered.properties.createMode, undefined);
    assert.equal(recovered.properties.vaultUri, vault.properties.vaultUri);
    assert.equal((await secrets.getSecret('acme-account')).value, 'kept');
    assert.equal((await certificates.getCertificate('site')).name, 'site');
    const gone = await raw(emu, 'GET', `${deletedPath('kv-soft-recover')}?${API}`);
    assert.equal(gone.status, 404);
  });

  void test('answers SoftDeletedVaultDoesNotExist to a recover with nothing to recover', async () => {
    const body = vaultBody(emu, { createMode: 'recover' });
    const refused = await raw(emu, 'PUT', vaultPath(RG, 'kv-soft-never'), body);
    assert.equal(refused.status, 400);
    assert.equal(errorOf(refused.body).code, 'SoftDeletedVaultDoesNotExist');
    await create('kv-soft-moved');
    await vaults.delete(RG, 'kv-soft-moved');
    const otherLocation = { ...vaultBody(emu, { createMode: 'recover' }), location: 'northeurope' };
    const moved = await raw(emu, 'PUT', vaultPath(RG, 'kv-soft-moved'), otherLocation);
    assert.equal(errorOf(moved.body).code, 'SoftDeletedVaultDoesNotExist');
  });

  void test('purges a vault without purge protection, which frees its name and drops its data', async () => {
    const vault = await create('kv-soft-purge');
    await dataPlane(vault).secrets.setSecret('old', 'gone');
    await vaults.delete(RG, 'kv-soft-purge');
    await vaults.purgeDeleted('kv-soft-purge', 'westeurope', LRO).pollUntilDone();
    const listed = [];
    for await (const deleted of vaults.listDeleted()) listed.push(deleted.name);
    assert.ok(!listed.includes('kv-soft-purge'));
    const again = await create('kv-soft-purge', {}, OTHER_RG);
    const names = [];
    for await (const secret of dataPlane(again).secrets.listPropertiesOfSecrets())
      names.push(secret.name);
    assert.deepEqual(names, []);
  });

  void test('refuses to purge a vault with purge protection, whose name stays taken', async () => {
    await create('kv-soft-protected', { enablePurgeProtection: true });
    await vaults.delete(RG, 'kv-soft-protected');
    const purge = await raw(emu, 'POST', `${deletedPath('kv-soft-protected')}/purge?${API}`);
    assert.equal(purge.status, 405);
    assert.deepEqual(errorOf(purge.body), {
      code: 'MethodNotAllowed',
      message: "Operation 'DeletedVaultPurge' is not allowed.",
    });
    assert.equal(
      (await vaults.getDeleted('kv-soft-protected', 'westeurope')).name,
      'kv-soft-protected',
    );
    const refused = await raw(emu, 'PUT', vaultPath(RG, 'kv-soft-protected'), vaultBody(emu));
    assert.equal(errorOf(refused.body).code, 'ConflictError');
  });

  void test('soft-deletes the vaults of a deleted resource group', async () => {
    await create('kv-soft-group', {}, OTHER_RG);
    await new ResourceManagementClient(
      fakeCredential,
      SUB,
      armOptions(emu),
    ).resourceGroups.beginDeleteAndWait(OTHER_RG, LRO);
    assert.equal((await vaults.getDeleted('kv-soft-group', 'westeurope')).name, 'kv-soft-group');
  });
});

void describe('emulator Key Vault soft delete retention', () => {
  let emu: EmulatorHandle;
  let vaults: KeyVaultManagementClient['vaults'];

  // Seven days of Azure time at this scale pass in about 6 s of real time.
  before(async () => {
    ({ emu, vaults } = await startWithGroups(0.000_01));
  });
  after(() => emu.stop());

  void test('frees the name once the retention period has passed', async () => {
    await vaults.createOrUpdate(RG, 'kv-soft-expires', vaultBody(emu), LRO).pollUntilDone();
    await vaults.delete(RG, 'kv-soft-expires');
    const held = await raw(emu, 'PUT', vaultPath(RG, 'kv-soft-expires'), vaultBody(emu));
    assert.equal(errorOf(held.body).code, 'ConflictError', 'the name is held during retention');
    await until(
      async () =>
        (await raw(emu, 'GET', `${deletedPath('kv-soft-expires')}?${API}`)).status === 404,
      { what: 'the retention period to pass' },
    );
    const created = await vaults
      .createOrUpdate(RG, 'kv-soft-expires', vaultBody(emu), LRO)
      .pollUntilDone();
    assert.equal(created.name, 'kv-soft-expires');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SoftDeletedVault } from '../../../src/azure/deleted-vaults.js';
import { recoverBody, recoveryRefusal } from '../../../src/provisioning/vault-recovery.js';

const vaultId = (rg: string) =>
  `/subscriptions/0000/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/kv-contoso-1a2b`;
const planned = { id: vaultId('rg-contoso'), name: 'kv-contoso-1a2b', location: 'westeurope' };

function deleted(changes: Partial<SoftDeletedVault> = {}): SoftDeletedVault {
  return {
    name: 'kv-contoso-1a2b',
    vaultId: vaultId('rg-contoso'),
    location: 'westeurope',
    deletionDate: new Date('2026-11-01T10:00:00Z'),
    scheduledPurgeDate: new Date('2027-01-30T10:00:00Z'),
    purgeProtectionEnabled: true,
    ...changes,
  };
}

describe('recovering a soft-deleted vault of the planned name', () => {
  test('recovers it where it was, whatever the casing and spacing ARM uses', () => {
    assert.equal(recoveryRefusal(planned, deleted({ location: 'West Europe' })), undefined);
    assert.equal(recoveryRefusal(planned, deleted({ vaultId: vaultId('RG-CONTOSO') })), undefined);
  });

  test('refuses a vault soft-deleted in another location, saying where and until when', () => {
    const refusal = recoveryRefusal(planned, deleted({ location: 'northeurope' }));
    assert.equal(refusal?.reason, 'SoftDeletedVaultElsewhere');
    assert.match(
      refusal?.message ?? '',
      /held by a soft-deleted vault in northeurope, resource group rg-contoso \(deleted 2026-11-01\)/,
    );
    assert.match(
      refusal?.message ?? '',
      /plans its vault in westeurope, resource group rg-contoso/,
    );
    assert.match(refusal?.message ?? '', /wait until 2027-01-30, when its retention ends/);
  });

  test('refuses a vault soft-deleted in another resource group, offering the purge when allowed', () => {
    const refusal = recoveryRefusal(
      planned,
      deleted({ vaultId: vaultId('rg-old'), purgeProtectionEnabled: false }),
    );
    assert.match(refusal?.message ?? '', /in westeurope, resource group rg-old/);
    assert.match(
      refusal?.message ?? '',
      /purge it \(az keyvault purge --name kv-contoso-1a2b --location westeurope\)/,
    );
  });

  test('sends the desired body with createMode recover', () => {
    const desired = {
      location: 'westeurope',
      properties: { sku: { family: 'A', name: 'standard' } },
    };
    assert.deepEqual(recoverBody(desired), {
      location: 'westeurope',
      properties: { sku: { family: 'A', name: 'standard' }, createMode: 'recover' },
    });
    assert.deepEqual(desired.properties, { sku: { family: 'A', name: 'standard' } }, 'unchanged');
  });
});

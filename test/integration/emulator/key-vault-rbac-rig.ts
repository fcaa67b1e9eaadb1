// What the Key Vault RBAC tests share: an RBAC vault on the emulator, data-plane calls as a given
// principal, and role assignments by built-in role GUID.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../local/emulator/core/clock.js';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { localAccessToken } from '../../../src/azure/local-token.js';
import { raw, rgPath, SUB } from './helpers.js';

/** Built-in role GUIDs (role-based-access-control/built-in-roles/security.md). */
export const VAULT_ROLES = {
  administrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  secretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  secretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
};

/** How long the emulator, like Azure, takes to apply a role assignment. */
export const TEN_MINUTES = 10 * 60_000;

export interface VaultErrorBody {
  error: { code: string; message: string; innererror?: { code: string } };
}

export function vaultId(resourceGroup: string, vault: string): string {
  return `${rgPath(resourceGroup)}/providers/Microsoft.KeyVault/vaults/${vault}`;
}

/** Creates the resource group and an RBAC-model vault; answers its URI. */
export async function createRbacVault(emu: EmulatorHandle, id: string): Promise<string> {
  const resourceGroup = id.split('/providers/')[0] ?? '';
  await raw(emu, 'PUT', `${resourceGroup}?api-version=2025-04-01`, { location: 'westeurope' });
  const created = await raw(emu, 'PUT', `${id}?api-version=2026-02-01`, {
    location: 'westeurope',
    properties: {
      tenantId: emu.tenantId,
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true,
    },
  });
  return (created.body as { properties: { vaultUri: string } }).properties.vaultUri;
}

/** A data-plane call to the vault as `principalId` (undefined: a token naming no caller). */
export function vaultCall(
  emu: EmulatorHandle,
  vaultUri: string,
  clock: Clock,
  principalId: string | undefined,
  method: string,
  path: string,
  body?: unknown,
) {
  const token = localAccessToken({
    principalId,
    audience: 'https://vault.azure.net',
    now: clock.now(),
  });
  return raw(
    emu,
    method,
    `${path}?api-version=7.6`,
    body,
    { authorization: `Bearer ${token}` },
    vaultUri,
  );
}

/** PUTs a role assignment of `role` (a GUID) to a service principal at `scope`; answers ARM's reply. */
export async function assignRole(
  emu: EmulatorHandle,
  scope: string,
  role: string,
  principalId: string,
) {
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`;
  const answer = await raw(emu, 'PUT', `${id}?api-version=2022-04-01`, {
    properties: {
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId,
      principalType: 'ServicePrincipal',
    },
  });
  return { id, answer };
}

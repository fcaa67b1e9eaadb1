// The built-in roles that grant Key Vault data actions, with the data actions Azure lists for
// each: articles/role-based-access-control/built-in-roles/security.md (the roles' JSON
// definitions), also tabled in articles/key-vault/general/rbac-guide.md ("Azure built-in roles
// for Key Vault data plane operations"). Other roles grant no data action on a vault.

export interface DataRole {
  roleName: string;
  dataActions: readonly string[];
}

/** By role definition GUID (the last segment of `roleDefinitionId`), lower case. */
export const DATA_ROLES: ReadonlyMap<string, DataRole> = new Map([
  [
    '00482a5a-887f-4fb3-b363-3b7fe8e74483',
    { roleName: 'Key Vault Administrator', dataActions: ['Microsoft.KeyVault/vaults/*'] },
  ],
  [
    '21090545-7ca7-4776-b22c-e363652d74d2',
    {
      roleName: 'Key Vault Reader',
      dataActions: [
        'Microsoft.KeyVault/vaults/*/read',
        'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
      ],
    },
  ],
  [
    'a4417e6f-fecd-4de8-b567-7b0420556985',
    {
      roleName: 'Key Vault Certificates Officer',
      dataActions: [
        'Microsoft.KeyVault/vaults/certificatecas/*',
        'Microsoft.KeyVault/vaults/certificates/*',
        'Microsoft.KeyVault/vaults/certificatecontacts/write',
      ],
    },
  ],
  [
    'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba',
    {
      roleName: 'Key Vault Certificate User',
      dataActions: [
        'Microsoft.KeyVault/vaults/certificates/read',
        'Microsoft.KeyVault/vaults/secrets/getSecret/action',
        'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
        'Microsoft.KeyVault/vaults/keys/read',
      ],
    },
  ],
  [
    'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    { roleName: 'Key Vault Secrets Officer', dataActions: ['Microsoft.KeyVault/vaults/secrets/*'] },
  ],
  [
    '4633458b-17de-408a-b874-0445c86b69e6',
    {
      roleName: 'Key Vault Secrets User',
      dataActions: [
        'Microsoft.KeyVault/vaults/secrets/getSecret/action',
        'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
      ],
    },
  ],
]);

/** The role a `roleDefinitionId` names, when it grants data actions. */
export function dataRoleOf(roleDefinitionId: string): DataRole | undefined {
  const guid = roleDefinitionId.split('/').pop() ?? '';
  return DATA_ROLES.get(guid.toLowerCase());
}

// Whether a permission pattern covers an action: "A wildcard (*) extends a permission to
// everything that matches the action string you provide"
// (articles/role-based-access-control/role-definitions.md, "Wildcard permissions"), so
// `Microsoft.KeyVault/vaults/*` covers every vault action and `Microsoft.KeyVault/vaults/*/read`
// every read. Case-insensitive, as operation names are.
export function permits(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

// The Azure RBAC data action each Key Vault route needs, and the object it acts on.
//
// Each REST operation names the access-policy permission it requires ("This operation requires
// the certificates/create permission", …/Microsoft.KeyVault/stable/7.5/certificates.json and
// secrets.json, copied into @azure/keyvault-certificates and @azure/keyvault-secrets); the RBAC
// data action is the one of the same verb in articles/role-based-access-control/permissions/
// security.md ("Microsoft.KeyVault/vaults/secrets/getSecret/action: Gets the value of a secret",
// "…/secrets/readMetadata/action: List or view the properties of a secret, but not its value").
// Inferred where the two vocabularies differ: certificates/get and certificates/list are both
// `certificates/read`; secrets/list is `secrets/readMetadata/action`.

export interface RouteAction {
  /** Below `Microsoft.KeyVault/vaults/`. */
  action: string;
  /** The collection of the named object: the request acts on `{vault id}/{collection}/{name}`. */
  collection?: 'certificates' | 'secrets';
}

const certificate = (action: string): RouteAction => ({
  action: `certificates/${action}`,
  collection: 'certificates',
});
const secret = (action: string): RouteAction => ({
  action: `secrets/${action}`,
  collection: 'secrets',
});

/** By route name (dispatch.ts). */
const ROUTE_ACTIONS: Readonly<Record<string, RouteAction>> = {
  importCertificate: certificate('import/action'),
  createCertificate: certificate('create/action'),
  getPending: certificate('read'),
  // "Updates a certificate creation operation" / "Deletes the creation operation …": both
  // "require the certificates/update permission".
  cancelPending: certificate('update/action'),
  deletePending: certificate('update/action'),
  // "The MergeCertificate operation … requires the certificates/create permission."
  merge: certificate('create/action'),
  deleteCertificate: certificate('delete'),
  getDeletedCertificate: certificate('read'),
  purgeCertificate: certificate('purge/action'),
  recoverCertificate: certificate('recover/action'),
  certificateVersions: certificate('read'),
  certificatePolicy: certificate('read'),
  listCertificates: { action: 'certificates/read' },
  getCertificate: certificate('read'),
  updateCertificate: certificate('update/action'),
  deleteSecret: secret('delete'),
  // "The Get Deleted Secret operation … requires the secrets/get permission."
  getDeletedSecret: secret('getSecret/action'),
  purgeSecret: secret('purge/action'),
  recoverSecret: secret('recover/action'),
  secretVersions: secret('readMetadata/action'),
  listSecrets: { action: 'secrets/readMetadata/action' },
  setSecret: secret('setSecret/action'),
  getSecret: secret('getSecret/action'),
  updateSecret: secret('update/action'),
};

/**
 * The full data action and the ARM id of what a request acts on (Key Vault's 403 names both).
 * A route without an entry is refused: every route the emulator serves must say what it needs.
 */
export function routeAction(
  routeName: string,
  vaultId: string,
  objectName: string | undefined,
): { action: string; resourceId: string } | undefined {
  const entry = ROUTE_ACTIONS[routeName];
  if (!entry) return undefined;
  const resourceId =
    entry.collection && objectName ? `${vaultId}/${entry.collection}/${objectName}` : vaultId;
  return { action: `Microsoft.KeyVault/vaults/${entry.action}`, resourceId };
}

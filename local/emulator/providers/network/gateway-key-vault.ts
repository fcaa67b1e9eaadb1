// Application Gateway's Key Vault certificates. Each sslCertificate's `keyVaultSecretId` must name
// an existing, enabled secret holding a PFX with its private key: "Application Gateway only
// supports certificates in Personal Information Exchange (PFX) format … ensure that the
// certificate's status is set to Enabled" (articles/application-gateway/key-vault-certs.md); a
// PEM (+PKCS#8) secret is rejected (hashicorp/terraform-provider-azurerm#29171). A newer support
// article lists `application/x-pem-file` as valid too (MicrosoftDocs/SupportArticles-docs
// support/azure/application-gateway/troubleshoot-application-gateway-key-vault-certificate.md,
// Step 6); the emulator keeps the stricter documented rule (project issue #10). The check runs when
// the PUT's operation is due, as the instances fetch the secrets then; the versions fetched are
// recorded as what the listeners serve.
import { ArmError } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource, OperationError, ServedCertificate } from '../../core/model.js';
import { dataAccess } from '../authorization/data-access.js';
import { vaultResource } from '../key-vault/data-plane/rbac.js';
import { parseSecretId, pfxHasPrivateKey, resolveSecret } from '../key-vault/secret-reference.js';

const PFX = 'application/x-pkcs12';

type Json = Record<string, unknown>;

interface SslCertificate {
  name: string;
  id: string;
  secretId: string;
}

function keyVaultCertificates(gw: ArmResource): SslCertificate[] {
  const list = properties(gw).sslCertificates;
  return (Array.isArray(list) ? list : []).flatMap((c: { name?: string; properties?: Json }) => {
    const secretId = c.properties?.keyVaultSecretId;
    if (typeof secretId !== 'string') return [];
    const name = c.name ?? '';
    return [{ name, id: `${gw.id}/sslCertificates/${name}`, secretId }];
  });
}

/**
 * A malformed `keyVaultSecretId` is refused with the PUT. Message as Azure/azure-cli#28835 quotes
 * it; the code is inferred (none is documented).
 */
export function checkKeyVaultSecretIds(gw: ArmResource): void {
  for (const c of keyVaultCertificates(gw)) {
    if (parseSecretId(c.secretId)) continue;
    throw new ArmError(
      400,
      'ApplicationGatewayKeyVaultSecretIdInvalid',
      `SecretId '${c.secretId}' specified in '${c.id}' is invalid. Reason: The specified Key Vault URI doesn't properly reference a secret. A valid Key Vault URI should be in the following format: https://{keyvaultname}.{keyvaultdomain}/secrets/{secretname}. A secret version may optionally be appended as well.`,
    );
  }
}

const GET_SECRET = 'Microsoft.KeyVault/vaults/secrets/getSecret/action';

/** The principal ids of the gateway's user-assigned identities, as ARM holds them. */
function identityPrincipals(ctx: EmulatorContext, gw: ArmResource): string[] {
  const identity = gw.identity as { userAssignedIdentities?: Json } | undefined;
  return Object.keys(identity?.userAssignedIdentities ?? {}).flatMap((id) => {
    const held = getResource(ctx, id);
    const principalId = held ? properties(held).principalId : undefined;
    return typeof principalId === 'string' ? [principalId] : [];
  });
}

/**
 * Whether one of the gateway's identities may read the secret now. A vault on Azure RBAC answers
 * the gateway as it answers anyone (authorization/data-access.ts): a role assignment made less
 * than its propagation delay ago grants nothing yet. Access-policy vaults are not modelled.
 */
function gatewayMayRead(ctx: EmulatorContext, gw: ArmResource, vaultName: string, name: string) {
  const vault = vaultResource(ctx, vaultName);
  if (!vault || properties(vault).enableRbacAuthorization !== true) return true;
  const resourceId = `${vault.id}/secrets/${name}`;
  return identityPrincipals(ctx, gw).some(
    (principalId) => dataAccess(ctx, { principalId, resourceId, action: GET_SECRET }).allowed,
  );
}

const served = (ctx: EmulatorContext, gw: ArmResource) =>
  ctx.state.servedCertificates.get(key(gw.id));

/**
 * The version the instances fetch: they refetch only when `keyVaultSecretId` changes
 * (troubleshoot-application-gateway-key-vault-certificate.md above, Resolution E), so an unchanged
 * id keeps the version already served.
 */
function heldVersion(ctx: EmulatorContext, gw: ArmResource, c: SslCertificate) {
  const previous = served(ctx, gw)?.get(c.name);
  return previous?.keyVaultSecretId === c.secretId ? previous.version : undefined;
}

/**
 * What is wrong with one certificate's secret. Codes: `SecretDisabled` and
 * `SecretDeletedFromKeyVault` are documented (articles/application-gateway/
 * application-gateway-key-vault-common-errors.md); `ApplicationGatewaySslCertificateInvalidData`
 * is observed for a secret the gateway cannot read as PFX (mspnp/aks-baseline-multi-region#20);
 * `VaultNotFound` is inferred, with the message "Unable to retrieve certificate … from Key Vault …"
 * that troubleshoot-application-gateway-key-vault-certificate.md (Symptoms) documents.
 * `ApplicationGatewayKeyVaultSecretAccessDenied`, when the gateway's identity may not read the
 * secret (yet), with the message MicrosoftDocs/azure-docs#33157 and Azure/azure-cli#15011 quote;
 * a role assignment still propagating refuses like a missing one (mspnp/aks-baseline#242). Key
 * Vault checks access before it looks the secret up, so this comes first.
 */
function problem(ctx: EmulatorContext, gw: ArmResource, c: SslCertificate, held?: string) {
  const found = resolveSecret(ctx, c.secretId, held);
  const secret = `The secret '${c.secretId}' referenced by sslCertificate '${c.id}'`;
  if (!found) return undefined;
  if (found.kind === 'vault-not-found') {
    const name = parseSecretId(c.secretId)?.name ?? '';
    return {
      code: 'VaultNotFound',
      message: `Unable to retrieve certificate '${name}' from Key Vault '${found.host}' for sslCertificate '${c.id}'.`,
    };
  }
  if (!gatewayMayRead(ctx, gw, found.vault.name, found.name))
    return {
      code: 'ApplicationGatewayKeyVaultSecretAccessDenied',
      message: `Access denied for KeyVault Secret '${c.secretId}' for Application Gateway '${gw.id}'. Make sure that Identity assigned to Application Gateway has access to the KeyVault associated with secret.`,
    };
  if (found.kind === 'deleted')
    return {
      code: 'SecretDeletedFromKeyVault',
      message: `${secret} has been deleted from Key Vault.`,
    };
  if (found.kind === 'not-found') {
    const what = found.version ? `version ${found.version} was not found` : 'was not found';
    return { code: 'SecretDeletedFromKeyVault', message: `${secret} ${what} in Key Vault.` };
  }
  if (!found.secret.enabled) {
    const message = `${secret} is disabled in Key Vault (version ${found.secret.version}).`;
    return { code: 'SecretDisabled', message };
  }
  const invalid = `Data or Password for certificate ${c.id} is invalid. Key Vault secret '${c.secretId}'`;
  if (found.secret.contentType !== PFX) {
    const message = `${invalid} has content type '${found.secret.contentType ?? ''}'; Application Gateway reads only PFX (${PFX}) certificates from Key Vault.`;
    return { code: 'ApplicationGatewaySslCertificateInvalidData', message };
  }
  if (!pfxHasPrivateKey(found.secret.value)) {
    const message = `${invalid} is not a PFX with a private key.`;
    return { code: 'ApplicationGatewaySslCertificateInvalidData', message };
  }
  return undefined;
}

/**
 * The PUT's failure, shaped as the Network RP reports it (MicrosoftDocs/azure-docs#33157): code
 * `ApplicationGatewayKeyVaultSecretException` (documented in SupportArticles-docs
 * troubleshoot-appgw-failed-state-issues.md), one detail per certificate. Azure's message ends at
 * "See details below:"; the SDK shows only `code` and `message`, so the emulator appends the
 * details to the message.
 */
export function keyVaultFailure(ctx: EmulatorContext, gw: ArmResource): OperationError | undefined {
  const details = keyVaultCertificates(gw).flatMap(
    (c) => problem(ctx, gw, c, heldVersion(ctx, gw, c)) ?? [],
  );
  if (details.length === 0) return undefined;
  const summary = details.map((d) => `${d.code}: ${d.message}`).join(' ');
  return {
    code: 'ApplicationGatewayKeyVaultSecretException',
    message: `Problem occured while accessing and validating KeyVault Secrets associated with Application Gateway '${gw.id}'. See details below: ${summary}`,
    details,
  };
}

function resolveServed(ctx: EmulatorContext, c: SslCertificate, held?: string) {
  const found = resolveSecret(ctx, c.secretId, held);
  if (found?.kind !== 'found') return undefined;
  const entry: ServedCertificate = {
    keyVaultSecretId: c.secretId,
    vault: found.vault.name,
    secret: found.name,
    version: found.secret.version,
    resolvedAt: ctx.clock.now(),
  };
  return entry;
}

/** Records, when a PUT completes, the secret version each sslCertificate serves. */
export function recordServedCertificates(ctx: EmulatorContext, gw: ArmResource): void {
  const byName = new Map<string, ServedCertificate>();
  for (const c of keyVaultCertificates(gw)) {
    const entry = resolveServed(ctx, c, heldVersion(ctx, gw, c));
    if (entry) byName.set(c.name, entry);
  }
  ctx.state.servedCertificates.set(key(gw.id), byName);
}

/**
 * The four-hourly poll (key-vault-certs.md, "Supported certificates"): a version-less reference
 * moves to the latest version when that one is usable; otherwise the served version stays.
 * Returns the problems found, for a later caller to surface.
 */
export function refreshGatewayCertificates(
  ctx: EmulatorContext,
  gatewayId: string,
): { code: string; message: string }[] {
  const gw = getResource(ctx, gatewayId);
  if (!gw) return [];
  const byName = served(ctx, gw) ?? new Map<string, ServedCertificate>();
  const problems = [];
  for (const c of keyVaultCertificates(gw)) {
    const issue = problem(ctx, gw, c);
    const entry = issue ? undefined : resolveServed(ctx, c);
    if (issue) problems.push(issue);
    if (entry) byName.set(c.name, entry);
  }
  ctx.state.servedCertificates.set(key(gw.id), byName);
  return problems;
}

export function forgetServedCertificates(ctx: EmulatorContext, gw: ArmResource): void {
  ctx.state.servedCertificates.delete(key(gw.id));
}

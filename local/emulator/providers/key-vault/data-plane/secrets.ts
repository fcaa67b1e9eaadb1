// Key Vault secrets: set, get (latest or a version), list, list versions, update. Secrets that back
// a certificate are managed: they cannot be set directly.
import type { EmulatorContext } from '../../../core/context.js';
import type { VaultData, VaultSecretVersion } from '../../../core/model.js';
import { VaultError, secretBundle, secretItem } from './bundles.js';
import { rejectDeletedName } from './deletion.js';
import type { VaultRequest, VaultResponse } from './vault-request.js';
import { newVersion, requestedVersion } from './vault-versions.js';

interface SetBody {
  value?: unknown;
  contentType?: string;
  tags?: Record<string, string>;
  attributes?: { enabled?: boolean; nbf?: number; exp?: number };
}

export function setSecret(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const body = (req.body ?? {}) as SetBody;
  if (typeof body.value !== 'string')
    throw new VaultError(400, 'BadParameter', 'The request body must contain a string "value".');
  rejectDeletedName(vault, 'Secret', name);
  const versions = vault.secrets.get(name) ?? [];
  if (versions.some((v) => v.managedBy)) {
    throw new VaultError(
      403,
      'Forbidden',
      `Secret ${name} is managed by certificate ${name} and cannot be set directly.`,
    );
  }
  const now = ctx.clock.now();
  const version: VaultSecretVersion = {
    version: newVersion(ctx.newId()),
    value: body.value,
    created: now,
    updated: now,
    enabled: body.attributes?.enabled ?? true,
    tags: body.tags ?? {},
  };
  if (body.contentType) version.contentType = body.contentType;
  if (body.attributes?.nbf) version.notBefore = body.attributes.nbf * 1000;
  if (body.attributes?.exp) version.expires = body.attributes.exp * 1000;
  versions.push(version);
  vault.secrets.set(name, versions);
  return { status: 200, body: secretBundle(req.origin, name, version) };
}

export function getSecret(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const { name, version: v } = requestedVersion(vault, 'Secret', req);
  // Key Vault's answer for a disabled secret, as quoted in Azure/azure-sdk-for-java#17991.
  if (!v.enabled) {
    throw new VaultError(
      403,
      'Forbidden',
      'Operation get is not allowed on a disabled secret.',
      'SecretDisabled',
    );
  }
  return { status: 200, body: secretBundle(req.origin, name, v) };
}

export function listSecretVersions(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const versions = vault.secrets.get(name) ?? [];
  return {
    status: 200,
    body: { value: versions.map((v) => secretItem(req.origin, name, v)), nextLink: null },
  };
}

export function listSecrets(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const value = [...vault.secrets].map(([name, versions]) => {
    const latest = versions[versions.length - 1] as VaultSecretVersion;
    return { ...secretItem(req.origin, name, latest), id: `${req.origin}/secrets/${name}` };
  });
  return { status: 200, body: { value, nextLink: null } };
}

export function updateSecret(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const { name, version: v } = requestedVersion(vault, 'Secret', req);
  const body = (req.body ?? {}) as SetBody;
  if (body.tags) v.tags = { ...body.tags };
  if (body.contentType) v.contentType = body.contentType;
  if (body.attributes?.enabled !== undefined) v.enabled = body.attributes.enabled;
  v.updated = ctx.clock.now();
  return { status: 200, body: secretItem(req.origin, name, v) };
}

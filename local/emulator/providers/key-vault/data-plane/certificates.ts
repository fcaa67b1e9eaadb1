// Key Vault certificates: import (PEM or PFX), get (latest or a version), list, list versions,
// update tags/attributes, policy. Importing also writes the certificate's managed secret, whose
// value is the PFX (base64) or PEM text according to `policy.secret_props.contentType`.
import type { EmulatorContext } from '../../../core/context.js';
import type { VaultCertificateVersion, VaultData } from '../../../core/model.js';
import { VaultError, certificateBundle, certificateItem, importedPolicy } from './bundles.js';
import {
  PEM_CONTENT_TYPE,
  PFX_CONTENT_TYPE,
  parseImport,
  type CertificateMaterial,
} from './certificate-material.js';
import { storeVersion } from './certificate-versions.js';
import { describeKey, keyPropsJson } from './key-properties.js';
import { pendingBundle, rejectWhilePending } from './pending-operations.js';
import { rejectDeletedName } from './deletion.js';
import { pickVersion, requestedVersion } from './vault-versions.js';
import type { VaultRequest, VaultResponse } from './vault-request.js';

interface ImportBody {
  value?: string;
  pwd?: string;
  policy?: { secret_props?: { contentType?: string } } & Record<string, unknown>;
  attributes?: { enabled?: boolean };
  tags?: Record<string, string>;
}

function material(body: ImportBody): CertificateMaterial {
  try {
    return parseImport(body.value ?? '', body.pwd);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new VaultError(
      400,
      'BadParameter',
      `The specified PEM X.509 certificate content is in an unexpected format: ${detail}`,
    );
  }
}

export function importCertificate(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  rejectDeletedName(vault, 'Certificate', name);
  rejectWhilePending(vault, name);
  const body = (req.body ?? {}) as ImportBody;
  const m = material(body);
  const keyProps = keyPropsJson({ ...describeKey(m.keyPem), exportable: true, reuseKey: false });
  const contentType =
    body.policy?.secret_props?.contentType ??
    (body.value?.includes('-----BEGIN') ? PEM_CONTENT_TYPE : PFX_CONTENT_TYPE);
  const version = storeVersion(ctx, vault, name, m, {
    contentType,
    policy: importedPolicy(m.certPem, contentType, body.policy, keyProps),
    tags: body.tags ?? {},
    enabled: body.attributes?.enabled ?? true,
  });
  return { status: 200, body: certificateBundle(req.origin, name, version) };
}

export function getCertificate(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const pending = vault.certificates.has(name) ? undefined : vault.pending.get(name);
  if (pending && !req.params.version)
    return { status: 200, body: pendingBundle(req.origin, name, pending) };
  const { version } = requestedVersion(vault, 'Certificate', req);
  return { status: 200, body: certificateBundle(req.origin, name, version) };
}

export function getPolicy(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const v = pickVersion('Certificate', vault.certificates.get(name), name, undefined);
  return { status: 200, body: { id: `${req.origin}/certificates/${name}/policy`, ...v.policy } };
}

export function listCertificateVersions(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const versions = vault.certificates.get(name);
  if (!versions) pickVersion('Certificate', versions, name, undefined);
  return {
    status: 200,
    body: {
      value: (versions ?? []).map((v) => certificateItem(req.origin, name, v)),
      nextLink: null,
    },
  };
}

export function listCertificates(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const value = [...vault.certificates].map(([name, versions]) => {
    const latest = versions[versions.length - 1] as VaultCertificateVersion;
    const item = certificateItem(req.origin, name, latest);
    return { ...item, id: `${req.origin}/certificates/${name}` };
  });
  return { status: 200, body: { value, nextLink: null } };
}

export function updateCertificate(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const { name, version: v } = requestedVersion(vault, 'Certificate', req);
  const body = (req.body ?? {}) as {
    tags?: Record<string, string>;
    attributes?: { enabled?: boolean };
  };
  if (body.tags) v.tags = { ...body.tags };
  if (body.attributes?.enabled !== undefined) v.enabled = body.attributes.enabled;
  v.updated = ctx.clock.now();
  const secret = vault.secrets.get(name)?.find((s) => s.version === v.version);
  if (secret)
    Object.assign(secret, { tags: { ...v.tags }, enabled: v.enabled, updated: v.updated });
  return { status: 200, body: certificateBundle(req.origin, name, v) };
}

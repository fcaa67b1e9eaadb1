// Stores a new certificate version together with its managed secret (same name and version), whose
// value is the PFX (base64) or PEM text according to the policy's `secret_props.contentType`,
// with the private key only when `key_props.exportable` is not false.
import type { EmulatorContext } from '../../../core/context.js';
import type { Json, VaultCertificateVersion, VaultData } from '../../../core/model.js';
import {
  PEM_CONTENT_TYPE,
  leafFacts,
  toPemSecret,
  toPfxSecret,
  type CertificateMaterial,
} from './certificate-material.js';
import { newVersion } from './vault-versions.js';

export interface VersionOptions {
  contentType: string;
  policy: Json;
  tags: Record<string, string>;
  enabled: boolean;
}

export function storeVersion(
  ctx: EmulatorContext,
  vault: VaultData,
  name: string,
  m: CertificateMaterial,
  options: VersionOptions,
): VaultCertificateVersion {
  const facts = leafFacts(m.certPem);
  const now = ctx.clock.now();
  const version: VaultCertificateVersion = {
    version: newVersion(ctx.newId()),
    certPem: m.certPem,
    keyPem: m.keyPem,
    chainPem: m.chainPem,
    contentType: options.contentType,
    created: now,
    updated: now,
    enabled: options.enabled,
    notBefore: facts.notBefore,
    expires: facts.expires,
    tags: options.tags,
    policy: options.policy,
    x5t: facts.x5t,
    cer: facts.cer,
  };
  vault.certificates.set(name, [...(vault.certificates.get(name) ?? []), version]);
  const exportable = (options.policy.key_props as { exportable?: boolean } | undefined)?.exportable;
  const value =
    options.contentType === PEM_CONTENT_TYPE
      ? toPemSecret(m, exportable !== false)
      : toPfxSecret(m, exportable !== false);
  const secret = {
    version: version.version,
    value,
    contentType: options.contentType,
    created: now,
    updated: now,
    enabled: options.enabled,
    tags: { ...options.tags },
    managedBy: name,
    notBefore: facts.notBefore,
    expires: facts.expires,
  };
  vault.secrets.set(name, [...(vault.secrets.get(name) ?? []), secret]);
  return version;
}

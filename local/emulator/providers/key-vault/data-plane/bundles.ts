// Key Vault response shapes (api-version 7.x / 2025-07-01): attributes in Unix seconds, ids as
// `{vault}/certificates/{name}/{version}`.
import type { VaultCertificateVersion, VaultSecretVersion } from '../../../core/model.js';
import { leafFacts } from './certificate-material.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

export class VaultError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Key Vault's `innererror.code`, e.g. `SecretDisabled` under a 403 `Forbidden`. */
    readonly innerCode?: string,
  ) {
    super(message);
  }
}

export const notFound = (kind: 'Certificate' | 'Secret', name: string, version?: string) =>
  new VaultError(
    404,
    `${kind}NotFound`,
    `A ${kind.toLowerCase()} with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault. If you recently deleted this ${kind.toLowerCase()} you may be able to recover it using the correct recovery command.`,
  );

function attributes(v: {
  enabled: boolean;
  created: number;
  updated: number;
  notBefore?: number;
  expires?: number;
}) {
  const a: Record<string, unknown> = {
    enabled: v.enabled,
    created: seconds(v.created),
    updated: seconds(v.updated),
    recoveryLevel: 'Recoverable+Purgeable',
    recoverableDays: 90,
  };
  if (v.notBefore !== undefined) a.nbf = seconds(v.notBefore);
  if (v.expires !== undefined) a.exp = seconds(v.expires);
  return a;
}

export function certificateItem(origin: string, name: string, v: VaultCertificateVersion) {
  return {
    id: `${origin}/certificates/${name}/${v.version}`,
    x5t: v.x5t,
    attributes: attributes(v),
    tags: v.tags,
  };
}

export function certificateBundle(origin: string, name: string, v: VaultCertificateVersion) {
  return {
    ...certificateItem(origin, name, v),
    kid: `${origin}/keys/${name}/${v.version}`,
    sid: `${origin}/secrets/${name}/${v.version}`,
    cer: v.cer,
    policy: { id: `${origin}/certificates/${name}/policy`, ...v.policy },
  };
}

/** The policy Key Vault derives for an imported certificate, merged with the caller's. */
export function importedPolicy(
  certPem: string,
  contentType: string,
  given: Record<string, unknown> | undefined,
  keyProps: Record<string, unknown>,
) {
  const facts = leafFacts(certPem);
  return {
    x509_props: {
      subject: facts.subject,
      sans: { dns_names: facts.dnsNames },
      ekus: ['1.3.6.1.5.5.7.3.1'],
      key_usage: ['digitalSignature', 'keyEncipherment'],
      validity_months: 3,
    },
    lifetime_actions: [
      { trigger: { lifetime_percentage: 80 }, action: { action_type: 'EmailContacts' } },
    ],
    issuer: { name: 'Unknown' },
    ...given,
    key_props: { ...keyProps, ...(given?.key_props ?? {}) },
    secret_props: { contentType },
    attributes: { enabled: true },
  };
}

export function secretItem(origin: string, name: string, v: VaultSecretVersion) {
  const item: Record<string, unknown> = {
    id: `${origin}/secrets/${name}/${v.version}`,
    attributes: attributes(v),
    tags: v.tags,
  };
  if (v.contentType) item.contentType = v.contentType;
  if (v.managedBy) item.managed = true;
  return item;
}

export function secretBundle(origin: string, name: string, v: VaultSecretVersion) {
  const bundle: Record<string, unknown> = { ...secretItem(origin, name, v), value: v.value };
  if (v.managedBy) bundle.kid = `${origin}/keys/${name}/${v.version}`;
  return bundle;
}

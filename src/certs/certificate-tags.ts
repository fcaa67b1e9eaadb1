// Tags on the Key Vault certificate, read back by the renewal checks to decide on a reissue.
import { createHash } from 'node:crypto';

/**
 * Tags on the Key Vault certificates this app issues: they mark the certificate as ours and record
 * what it was issued for, so a change of names or ACME directory triggers a new issuance.
 * Key Vault tag values hold at most 256 characters, so long name lists are stored as a hash.
 */
export const CERTIFICATE_TAGS = {
  issuer: 'issuer',
  directory: 'acme-directory',
  names: 'acme-names',
  managedBy: 'managed-by',
} as const;

export const ISSUER_VALUE = 'aci-vnet-sidecars';

export function namesTag(names: readonly string[]): string {
  const joined = [...names]
    .map((n) => n.toLowerCase())
    .sort()
    .join(',');
  return joined.length <= 256
    ? joined
    : `sha256:${createHash('sha256').update(joined).digest('hex')}`;
}

export function certificateTags(
  names: readonly string[],
  directoryUrl: string,
): Record<string, string> {
  return {
    [CERTIFICATE_TAGS.issuer]: ISSUER_VALUE,
    [CERTIFICATE_TAGS.directory]: directoryUrl.slice(0, 256),
    [CERTIFICATE_TAGS.names]: namesTag(names),
    [CERTIFICATE_TAGS.managedBy]: ISSUER_VALUE,
  };
}

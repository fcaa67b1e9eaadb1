/**
 * Whether a certificate must be (re-)issued, as a chain of named checks over what Key Vault holds:
 * the first check that objects decides. Pure: `now` is passed in.
 */

import { CERTIFICATE_TAGS, ISSUER_VALUE, namesTag } from './certificate-tags.js';

export interface HeldCertificate {
  /** Names on the certificate itself (its subject alternative names). */
  names: string[];
  notAfter: Date;
  tags: Record<string, string>;
  /** What its secret holds; Application Gateway reads only `application/x-pkcs12`. */
  contentType?: string | undefined;
}

export interface DesiredCertificate {
  names: string[];
  directoryUrl: string;
  renewBeforeDays: number;
}

export type RenewalReason =
  | 'Missing'
  | 'NotOurs'
  | 'NotPkcs12'
  | 'NamesChanged'
  | 'DirectoryChanged'
  | 'Expired'
  | 'DueForRenewal';

/** The only format Application Gateway reads from Key Vault (articles/application-gateway/key-vault-certs.md). */
const PKCS12 = 'application/x-pkcs12';

export type RenewalDecision =
  | { due: true; reason: RenewalReason; message: string }
  | { due: false; message: string; renewAt: Date };

type Check = (
  held: HeldCertificate,
  desired: DesiredCertificate,
  now: Date,
) => { reason: RenewalReason; message: string } | undefined;

const DAY_MS = 86_400_000;

const checks: Check[] = [
  (held) =>
    held.tags[CERTIFICATE_TAGS.issuer] === ISSUER_VALUE
      ? undefined
      : {
          reason: 'NotOurs',
          message: 'the certificate in Key Vault was not issued by aci-vnet-sidecars',
        },
  // An earlier version of this app imported PEM, which Application Gateway cannot read.
  (held) =>
    held.contentType === PKCS12
      ? undefined
      : {
          reason: 'NotPkcs12',
          message: `its secret holds ${held.contentType ?? 'an unknown format'}, and Application Gateway reads only ${PKCS12}`,
        },
  (held, desired) =>
    namesTag(held.names) === namesTag(desired.names)
      ? undefined
      : {
          reason: 'NamesChanged',
          message: `it covers ${[...held.names].sort().join(', ')} but the spec asks for ${[...desired.names].sort().join(', ')}`,
        },
  (held, desired) =>
    held.tags[CERTIFICATE_TAGS.directory] === desired.directoryUrl
      ? undefined
      : {
          reason: 'DirectoryChanged',
          message: `it was issued by ${held.tags[CERTIFICATE_TAGS.directory] ?? 'an unknown directory'}, not ${desired.directoryUrl}`,
        },
  (held, _desired, now) =>
    held.notAfter.getTime() > now.getTime()
      ? undefined
      : { reason: 'Expired', message: `it expired on ${held.notAfter.toISOString()}` },
  (held, desired, now) =>
    renewAt(held, desired).getTime() > now.getTime()
      ? undefined
      : {
          reason: 'DueForRenewal',
          message: `it expires on ${held.notAfter.toISOString()}, within ${desired.renewBeforeDays} days`,
        },
];

function renewAt(held: HeldCertificate, desired: DesiredCertificate): Date {
  return new Date(held.notAfter.getTime() - desired.renewBeforeDays * DAY_MS);
}

export function renewalDecision(
  held: HeldCertificate | undefined,
  desired: DesiredCertificate,
  now: Date,
): RenewalDecision {
  if (!held)
    return { due: true, reason: 'Missing', message: 'Key Vault holds no certificate of that name' };
  for (const check of checks) {
    const objection = check(held, desired, now);
    if (objection) return { due: true, ...objection };
  }
  const at = renewAt(held, desired);
  return {
    due: false,
    renewAt: at,
    message: `valid until ${held.notAfter.toISOString()}; renewal from ${at.toISOString()}`,
  };
}

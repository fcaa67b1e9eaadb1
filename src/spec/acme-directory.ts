/**
 * Which ACME directories an environment may issue from: Let's Encrypt's production and staging
 * directories, and those the operator of this app allowed by name. Any other URL is refused, so
 * a spec cannot point the app (which signs with its ACME account key and writes DNS records on
 * the server's say-so) at a server nobody chose.
 */

import type { SpecProblem } from './types.js';

/** The spec's shorthands (https://letsencrypt.org/docs/acme-protocol-updates/). */
export const LETS_ENCRYPT_DIRECTORIES = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
} as const;

/** What the operator configured, from the app settings. */
export interface AcmeDirectoryPolicy {
  /** Directory URLs allowed besides Let's Encrypt's (ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES). */
  allowed: readonly string[];
  /**
   * Root certificates (base64 DER) of the CAs behind those directories
   * (ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS): Application Gateway validates the backend chain
   * against them.
   */
  trustedRoots: readonly string[];
}

/**
 * `production`: a publicly trusted CA, which Application Gateway v2 trusts by itself. `staging`:
 * Let's Encrypt's staging CA, whose roots are published but trusted by nobody. `operator`: a
 * directory the operator allowed, whose roots the operator gives.
 */
export type AcmeDirectoryKind = 'production' | 'staging' | 'operator';

/** The URL of a spec's `certificates.acmeDirectory`, shorthand or URL. */
export function acmeDirectoryUrlOf(directory: string): string {
  return directory in LETS_ENCRYPT_DIRECTORIES
    ? LETS_ENCRYPT_DIRECTORIES[directory as keyof typeof LETS_ENCRYPT_DIRECTORIES]
    : directory;
}

export function acmeDirectoryKind(directory: string): AcmeDirectoryKind {
  const url = comparable(acmeDirectoryUrlOf(directory));
  if (url === comparable(LETS_ENCRYPT_DIRECTORIES.letsencrypt)) return 'production';
  if (url === comparable(LETS_ENCRYPT_DIRECTORIES['letsencrypt-staging'])) return 'staging';
  return 'operator';
}

/** True when the directory is Let's Encrypt's or one the operator allowed. */
export function isAllowedAcmeDirectory(directory: string, allowed: readonly string[]): boolean {
  if (acmeDirectoryKind(directory) !== 'operator') return true;
  const url = comparable(directory);
  return allowed.some((a) => comparable(a) === url);
}

/** Why the spec's directory cannot be used under this policy, or undefined when it can. */
export function acmeDirectoryProblem(
  directory: string,
  policy: AcmeDirectoryPolicy,
): SpecProblem | undefined {
  const path = 'certificates.acmeDirectory';
  if (!isAllowedAcmeDirectory(directory, policy.allowed)) {
    return {
      path,
      message: `${directory} is not an allowed ACME directory: use letsencrypt or letsencrypt-staging, or ask the operator of this app to add it to ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES`,
    };
  }
  if (acmeDirectoryKind(directory) === 'operator' && policy.trustedRoots.length === 0) {
    return {
      path,
      message: `${directory} is allowed, but no root certificate is configured for it, so Application Gateway could not validate the certificate its backends present: the operator must set ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS to the CA's root (base64 DER)`,
    };
  }
  return undefined;
}

/** URLs compare as parsed (host case, default port); one trailing slash of the path is ignored. */
function comparable(url: string): string {
  try {
    return new URL(url).href.replace(/\/$/, '');
  } catch {
    return url;
  }
}

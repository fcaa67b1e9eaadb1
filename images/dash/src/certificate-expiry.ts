// The certificate's expiry as the dashboard shows it, read from the attributes of the
// certificate's secret (the only Key Vault object the dashboard's identity may read).
import type { SecretMetadata } from '../../../src/azure/secret-properties.js';
import { classifyFailure } from '../../../src/errors.js';

/** Days before expiry from which the page warns; the renewal timer renews well before this. */
export const WARN_DAYS = 14;

const DAY_MS = 86_400_000;

export type CertificateExpiry =
  | {
      state: 'valid' | 'expiring' | 'expired';
      name: string;
      version: string;
      expiresOn: string;
      /** Whole days left, rounded down; negative once expired. */
      daysLeft: number;
    }
  | { state: 'unknown'; name: string; reason: string };

/** What the page says for a version read at `now`. Pure. */
export function certificateExpiry(
  name: string,
  version: { version: string; expiresOn: Date | undefined } | undefined,
  now: Date,
): CertificateExpiry {
  if (!version) {
    return { state: 'unknown', name, reason: 'not in Key Vault yet (the deployment issues it)' };
  }
  if (!version.expiresOn) {
    return { state: 'unknown', name, reason: 'the secret has no expiry date' };
  }
  const left = version.expiresOn.getTime() - now.getTime();
  const daysLeft = Math.floor(left / DAY_MS);
  return {
    state: left <= 0 ? 'expired' : daysLeft < WARN_DAYS ? 'expiring' : 'valid',
    name,
    version: version.version,
    expiresOn: version.expiresOn.toISOString(),
    daysLeft,
  };
}

/** What the page says when the dashboard is not told which certificate to show. */
export const CERTIFICATE_NOT_CONFIGURED: CertificateExpiry = {
  state: 'unknown',
  name: '—',
  reason: 'KEY_VAULT_URL and CERTIFICATE_NAME are not set',
};

/**
 * Reads the newest version's attributes. A failure (a role assignment still spreading, a network
 * error) becomes `unknown` with a generic reason; what Key Vault said goes to the log only, as it
 * names the identity and the scope.
 */
export async function readCertificateExpiry(
  metadata: Pick<SecretMetadata, 'latestVersion'>,
  name: string,
  now: () => Date,
  log: (line: string) => void,
): Promise<CertificateExpiry> {
  try {
    return certificateExpiry(name, await metadata.latestVersion(name), now());
  } catch (error) {
    const failure = classifyFailure(error);
    log(
      `dashboard: reading certificate ${name} failed: ${failure.kind}/${failure.code}: ${failure.message}`,
    );
    return {
      state: 'unknown',
      name,
      reason: 'could not be read; the details are in the dashboard log',
    };
  }
}

// The ACME directory a certificate is issued from, under the operator's allow list.
import { AppError } from '../errors.js';
import { acmeDirectoryUrlOf, isAllowedAcmeDirectory } from '../spec/index.js';

/**
 * The directory to use: the app-wide override (Pebble, local runs only), else the spec's. The
 * spec's must be Let's Encrypt's or one the operator allowed, even under the override: a spec
 * accepted before the operator removed its directory from the list is refused here, at the point
 * of use, rather than issued from.
 */
export function acmeDirectoryUrl(
  specDirectory: string,
  override: string | undefined,
  allowed: readonly string[] = [],
): string {
  if (!isAllowedAcmeDirectory(specDirectory, allowed)) {
    throw new AppError(
      'validation',
      'AcmeDirectoryNotAllowed',
      `certificates.acmeDirectory ${specDirectory} is not an allowed ACME directory: use letsencrypt or letsencrypt-staging, or ask the operator of this app to add it to ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES`,
    );
  }
  return override ?? acmeDirectoryUrlOf(specDirectory);
}

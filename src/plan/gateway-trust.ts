// Which roots the gateway trusts for its backends' certificates, by the spec's ACME directory.
import { acmeDirectoryKind } from '../spec/index.js';
import type { PlanContext } from './context.js';
import { LETS_ENCRYPT_STAGING_ROOTS } from './lets-encrypt-staging-roots.js';
import type { JsonObject } from './types.js';

/**
 * The roots (base64 DER) of the CA that issues the sidecars' certificate, when Application Gateway
 * does not trust it by itself. "Certificates signed by well known CA authorities whose CN matches
 * the host name in the HTTP backend settings don't require any additional step"; otherwise "a
 * trusted root certificate must be uploaded. Application Gateway will only communicate with
 * backends whose server certificate's root certificate matches one of the list of trusted root
 * certificates in the backend http setting" (articles/application-gateway/ssl-overview.md,
 * "End-to-end TLS with the v2 SKU"). So chain validation stays on for every directory: Let's
 * Encrypt production needs nothing, staging gets its published roots, an operator's directory
 * the roots the operator configured (ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS; a spec naming one is
 * refused while there are none, src/spec/acme-directory.ts).
 */
export function acmeTrustedRoots(ctx: PlanContext): readonly string[] {
  switch (acmeDirectoryKind(ctx.spec.certificates.acmeDirectory)) {
    case 'production':
      return [];
    case 'staging':
      return LETS_ENCRYPT_STAGING_ROOTS.map((root) => root.data);
    case 'operator':
      return ctx.options.acmeTrustedRoots ?? [];
  }
}

export function trustedRootName(index: number): string {
  return `acme-root-${index + 1}`;
}

/**
 * The gateway's `trustedRootCertificates`: each root inline as `data`, "a base64 encoded root
 * certificate" (ssl-overview.md); the other documented shape, `keyVaultSecretId`, would need the
 * gateway identity to read one more secret for what is public data.
 */
export function trustedRootCertificates(ctx: PlanContext): JsonObject[] {
  return acmeTrustedRoots(ctx).map((data, i) => ({
    name: trustedRootName(i),
    properties: { data },
  }));
}

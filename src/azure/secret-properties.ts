// Key Vault data plane, metadata only: what the dashboard reads of the certificate's secret. It
// lists the secret's versions (`GET {vault}/secrets/{name}/versions`), whose items carry the
// attributes and never the value, so the private key in a certificate's PKCS#12 never reaches a
// process that only shows a date. Key Vault Secrets User on the secret allows it: its data actions
// are `…/secrets/getSecret/action` and `…/secrets/readMetadata/action` ("List or view the
// properties of a secret, but not its value", articles/role-based-access-control/permissions/
// security.md).
import { toAppError } from './azure-error.js';
import type { AzureConnection } from './connection.js';
import { onFirstUse } from './on-first-use.js';

/** One version of a secret, without its value. */
export interface SecretVersionProperties {
  version: string;
  enabled: boolean;
  createdOn: Date | undefined;
  /**
   * The secret's `exp`. For a certificate's secret it is the certificate's: "The certificate
   * attributes are mirrored to attributes of the addressable key and secret", and `exp` "contains
   * the value of the expiration date of the X.509 certificate"
   * (articles/key-vault/certificates/about-certificates.md, "Certificate attributes and tags").
   */
  expiresOn: Date | undefined;
}

export interface SecretMetadata {
  /**
   * The newest version of the secret (the one a GET without a version answers: "If not specified
   * the latest version of the secret will be retrieved", @azure/keyvault-secrets GetSecretOptions;
   * newest taken as latest created, inferred), or undefined when the secret has none. Other
   * failures (403 while a role assignment spreads, network) are thrown as AppError.
   */
  latestVersion(name: string): Promise<SecretVersionProperties | undefined>;
}

const newestFirst = (a: SecretVersionProperties, b: SecretVersionProperties) =>
  (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0);

export function createSecretMetadata(
  connection: AzureConnection,
  vaultUrl: string,
): SecretMetadata {
  const secretClient = onFirstUse(async () => {
    const { SecretClient } = await import('@azure/keyvault-secrets');
    return new SecretClient(vaultUrl, connection.credential, connection.vaultOptions);
  });
  return {
    async latestVersion(name) {
      const versions: SecretVersionProperties[] = [];
      try {
        const secrets = await secretClient();
        for await (const p of secrets.listPropertiesOfSecretVersions(name)) {
          versions.push({
            version: p.version ?? '',
            enabled: p.enabled !== false,
            createdOn: p.createdOn,
            expiresOn: p.expiresOn,
          });
        }
      } catch (error) {
        const failure = toAppError(error, `GET secret ${name} versions`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
      return versions.sort(newestFirst)[0];
    },
  };
}

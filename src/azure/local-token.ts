// The credential of a local run: tokens that name this app's identity the way Entra's do.
import type { TokenCredential } from '@azure/core-auth';

/** Tokens live an hour, like Entra's access tokens. */
const LIFETIME_MS = 3_600_000;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An unsigned JWT whose `oid` is the principal id: Key Vault decides by the token's object id
 * which role assignments apply (articles/key-vault/general/rest-error-codes.md decodes one: `oid`,
 * `aud`, `tid`, `appid`), and the local emulator reads the same claim. Without a principal id the
 * token names nobody, and a vault using Azure RBAC refuses it.
 */
export function localAccessToken(input: {
  principalId: string | undefined;
  audience: string;
  now: number;
}): string {
  const claims = {
    aud: input.audience,
    iat: Math.floor(input.now / 1000),
    exp: Math.floor((input.now + LIFETIME_MS) / 1000),
    ...(input.principalId ? { oid: input.principalId, sub: input.principalId } : {}),
  };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

/**
 * The local stand-in for the managed identity: a token per requested scope, for the principal
 * id this app is configured with (ACI_VNET_SIDECARS_PRINCIPAL_ID, which `npm start` sets).
 */
export function localCredential(principalId: string | undefined): TokenCredential {
  return {
    getToken: (scopes) => {
      const scope = Array.isArray(scopes) ? (scopes[0] ?? '') : scopes;
      const now = Date.now();
      return Promise.resolve({
        token: localAccessToken({ principalId, audience: scope.replace(/\/\.default$/, ''), now }),
        expiresOnTimestamp: now + LIFETIME_MS,
      });
    },
  };
}

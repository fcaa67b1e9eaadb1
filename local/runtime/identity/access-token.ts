// The access tokens the local managed identity endpoint hands out: unsigned JWTs carrying the
// claims the emulator reads to know the caller (local/emulator/providers/authorization/caller.ts:
// `oid`, the principal id role assignments name), shaped like Entra's (`aud`, `iat`, `nbf`, `exp`;
// articles/key-vault/general/rest-error-codes.md decodes one). No Entra signs them here: the
// emulator reads claims without checking a signature.
import type { MintToken } from '../types.js';

/**
 * Seconds a token lives. Inferred: captures of IMDS answers in public write-ups show
 * `"expires_in":"86400"` for a fresh managed identity token; no Microsoft page fixes it.
 */
export const TOKEN_LIFETIME_SECONDS = 86_400;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface EmulatorTokenClaims {
  principalId: string;
  /** The resource the token is for, as the caller asked for it (IMDS's `resource`). */
  audience: string;
  /** Seconds since the epoch. */
  issuedAt: number;
}

/** An unsigned JWT (`alg: none`) naming the principal as `oid` and `sub`. */
export function emulatorAccessToken(claims: EmulatorTokenClaims): string {
  const payload = {
    aud: claims.audience,
    iat: claims.issuedAt,
    nbf: claims.issuedAt,
    exp: claims.issuedAt + TOKEN_LIFETIME_SECONDS,
    oid: claims.principalId,
    sub: claims.principalId,
  };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}

/** A `MintToken` on a clock (milliseconds since the epoch): give the endpoint the same one. */
export function emulatorTokenMinter(now: () => number = Date.now): MintToken {
  return (principalId, audience) =>
    emulatorAccessToken({ principalId, audience, issuedAt: Math.floor(now() / 1000) });
}

// Who is calling: the claims of the bearer token. Entra tokens are JWTs whose `oid` is the
// caller's object (principal) id, the id role assignments name; `appid` and `tid` are the client
// and tenant (articles/key-vault/general/rest-error-codes.md decodes one). The emulator has no
// Entra to sign tokens, so it reads the claims without checking a signature (inferred: a local
// stand-in trusts whoever holds a loopback connection; what it must model is whose roles apply).

export interface Caller {
  /** Object id of the principal: what `roleAssignments.principalId` names. */
  oid: string;
  appid?: string;
  tid?: string;
}

/** The caller named by an `Authorization: Bearer <jwt>` header; undefined when it names none. */
export function callerOf(authorization: string | undefined): Caller | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { oid, appid, tid } = claims as Record<string, unknown>;
  if (typeof oid !== 'string' || oid === '') return undefined;
  return {
    oid: oid.toLowerCase(),
    ...(typeof appid === 'string' ? { appid } : {}),
    ...(typeof tid === 'string' ? { tid } : {}),
  };
}

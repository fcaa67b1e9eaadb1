// What the Azure Instance Metadata Service's token route answers a container, as pure functions.
// ACI gives a running container its group's managed identities through IMDS: "Using a managed
// identity in a running container is similar to using an identity in an Azure VM"
// (articles/container-instances/container-instances-managed-identity.md, whose example calls
// `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=…` with
// `-H Metadata:true`). The request and answer are those of
// articles/active-directory/managed-identities-azure-resources/how-to-use-vm-token.md; the
// refusals are IMDS's as its own clients record them (docs/azure-constraints.md, I1 rows).
import { TOKEN_LIFETIME_SECONDS } from './access-token.js';
import type { GroupIdentity, MintToken } from '../types.js';

export const TOKEN_ROUTE = '/metadata/identity/oauth2/token';

/** One container of one group, as the runtime registers it. */
export interface ImdsCaller {
  group: string;
  container: string;
  /** Init containers get no managed identity (azure-docs PR #101684). */
  init: boolean;
  identities: GroupIdentity[];
}

export interface ImdsRequest {
  method: string;
  /** The path after the container's prefix: `/metadata/identity/oauth2/token` when well formed. */
  path: string;
  query: URLSearchParams;
  /** The `Metadata` header, if any. */
  metadata: string | undefined;
}

export interface ImdsAnswer {
  status: number;
  body: Record<string, string>;
  /** Why it was refused, for the runtime's log (never a token). */
  refusal?: string;
}

const invalidRequest = (description: string, refusal: string): ImdsAnswer => ({
  status: 400,
  body: { error: 'invalid_request', error_description: description },
  refusal,
});

/**
 * A caller IMDS does not know: how-to-use-vm-token.md, "HTTP response reference": `401
 * Unauthorized | unknown_source | Unknown Source <URI>`. Here: a key never given, or the key of a
 * container that has stopped.
 */
export function unknownSource(uri: string): ImdsAnswer {
  return {
    status: 401,
    body: { error: 'unknown_source', error_description: `Unknown Source ${uri}` },
    refusal: 'unknown or stopped container',
  };
}

/** IMDS's answer to one request of a known container. */
export function tokenAnswer(
  caller: ImdsCaller,
  request: ImdsRequest,
  mint: { mintToken: MintToken; nowSeconds: number },
): ImdsAnswer {
  const malformed = requestProblem(request);
  if (malformed) return malformed;
  const resource = request.query.get('resource') ?? '';
  const chosen = chooseIdentity(caller, request.query);
  if ('status' in chosen) return chosen;
  const { identity } = chosen;
  const lifetime = String(TOKEN_LIFETIME_SECONDS);
  return {
    status: 200,
    // Every value a string, as IMDS sends them (how-to-use-vm-token.md, "Sample response").
    body: {
      access_token: mint.mintToken(identity.principalId, resource),
      client_id: identity.clientId,
      expires_in: lifetime,
      expires_on: String(mint.nowSeconds + TOKEN_LIFETIME_SECONDS),
      ext_expires_in: lifetime,
      not_before: String(mint.nowSeconds),
      resource,
      token_type: 'Bearer',
    },
  };
}

function requestProblem(request: ImdsRequest): ImdsAnswer | undefined {
  // @azure/msal-node asks for `…/oauth2/token/`: IMDS serves the route with or without the slash.
  if (request.path.replace(/\/$/, '') !== TOKEN_ROUTE) {
    // Inferred: only the token route is served; IMDS's other routes describe VMs, not containers.
    return { status: 404, body: { error: 'Not found' }, refusal: `no route ${request.path}` };
  }
  if (request.method !== 'GET') {
    // Inferred: the token route is a GET (how-to-use-vm-token.md); other methods are not allowed.
    return {
      status: 405,
      body: { error: 'Method not allowed' },
      refusal: `${request.method} instead of GET`,
    };
  }
  // "This value must be set to "true", in all lower case" (how-to-use-vm-token.md).
  if (request.metadata !== 'true') {
    return invalidRequest('Required metadata header not specified', 'no Metadata: true header');
  }
  for (const variable of ['api-version', 'resource']) {
    if (!request.query.get(variable)) {
      return invalidRequest(
        `Required query variable '${variable}' is missing`,
        `no ${variable} in the query`,
      );
    }
  }
  return undefined;
}

/** `client_id`, `object_id`, `mi_res_id` (how-to-use-vm-token.md) or `msi_res_id` (MSAL's). */
const SELECTORS: readonly [string, (identity: GroupIdentity) => string][] = [
  ['client_id', (i) => i.clientId],
  ['object_id', (i) => i.principalId],
  ['mi_res_id', (i) => i.resourceId],
  ['msi_res_id', (i) => i.resourceId],
];

function chooseIdentity(
  caller: ImdsCaller,
  query: URLSearchParams,
): { identity: GroupIdentity } | ImdsAnswer {
  // As IMDS answers on a VM without an identity: ACI gives init containers none.
  if (caller.init) {
    return invalidRequest(
      'Identity not found',
      'init container: ACI gives init containers no managed identity',
    );
  }
  const asked = SELECTORS.flatMap(([name, of]) => {
    const value = query.get(name);
    return value ? [{ name, value, of }] : [];
  });
  // Ids compare case-insensitively: GUIDs, and ARM ids (docs/azure-constraints.md, row 7).
  const matching = caller.identities.filter((identity) =>
    asked.every((s) => s.of(identity).toLowerCase() === s.value.toLowerCase()),
  );
  if (asked.length > 0 && matching.length === 0) {
    const names = asked.map((s) => `${s.name} ${s.value}`).join(', ');
    return invalidRequest('Identity not found', `${names}: not an identity of the group`);
  }
  if (matching.length > 1) {
    return invalidRequest(
      'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request',
      'several identities and no client_id, object_id or mi_res_id',
    );
  }
  const [identity] = matching;
  if (!identity) return invalidRequest('Identity not found', 'the group holds no identity');
  return { identity };
}

// ARM answers in its own form, not as an echo of the request: every GET, list and PUT response
// body goes through `armShaped`. The store keeps what was PUT; only the answer is shaped. What is
// documented and what is inferred is in docs/azure-constraints.md ("ARM answers with its own
// casing, defaults and omissions"); per-type rules live in arm-shape-types.ts.
import type { EmulatorContext } from '../core/context.js';
import type { ArmResource, Json } from '../core/model.js';
import { typeShape } from './arm-shape-types.js';
import { armCasedId } from './arm-shape-values.js';
import { key } from './resource-id.js';
import { getResource } from './resource-store.js';

/** What the answer depends on besides the resource. */
export interface ArmRead {
  /** GET (and lists) or the PUT/PATCH that wrote it: some RPs answer a write with more. */
  method: 'GET' | 'PUT' | 'PATCH';
  /** The `$expand` query of a GET, e.g. SQL's `administrators/activedirectory`. */
  expand?: string;
}

const READ: ArmRead = { method: 'GET' };

export function armShaped(
  ctx: EmulatorContext,
  resource: ArmResource,
  read: ArmRead = READ,
): ArmResource {
  const shaped = structuredClone(resource);
  if (ctx.config.armShape === false) return shaped;
  typeShape(shaped.type)?.(shaped, read);
  identityEntries(ctx, shaped);
  return recaseReferences(shaped, shaped.id) as ArmResource;
}

/**
 * Each `identity.userAssignedIdentities` entry carries the identity's read-only `principalId` and
 * `clientId` (ARM common-types `UserAssignedIdentity`; bicep-types-az
 * `…/microsoft.containerinstance/…/types.md`: "clientId: string (ReadOnly)").
 */
function identityEntries(ctx: EmulatorContext, resource: ArmResource): void {
  const identity = resource.identity as
    { userAssignedIdentities?: Record<string, Json> } | undefined;
  for (const [id, entry] of Object.entries(identity?.userAssignedIdentities ?? {})) {
    const held = getResource(ctx, id)?.properties as Json | undefined;
    if (!held || typeof entry !== 'object' || entry === null) continue;
    entry.principalId = held.principalId;
    entry.clientId = held.clientId;
  }
}

/** The resource itself or one of its sub-resources (a gateway's listener, a VNet's subnet). */
const isOwn = (id: string, ownId: string): boolean =>
  key(id) === key(ownId) || key(id).startsWith(`${key(ownId)}/`);

/** Keys whose string value is a reference to another resource by its ARM id. */
const isReferenceKey = (k: string): boolean => k === 'id' || k === 'identity' || /Id$/.test(k);

/**
 * References to other resources come back in ARM's casing, not the request's: identity map keys
 * (documented, #17038) and every other id-valued reference (inferred, the strict reading of
 * "resource names are case-insensitive": the Network RP answers a subnet reference in the
 * subnet's own casing, hashicorp/terraform-provider-azurerm#19154). The resource's own id and its
 * sub-resources' ids keep the casing of the request, as the examples show.
 */
function recaseReferences(value: unknown, ownId: string, k?: string): unknown {
  if (typeof value === 'string') {
    const reference =
      k !== undefined &&
      isReferenceKey(k) &&
      value.startsWith('/subscriptions/') &&
      !isOwn(value, ownId);
    return reference ? armCasedId(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => recaseReferences(v, ownId, k));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, v]) => [
      k === 'userAssignedIdentities' ? armCasedId(name) : name,
      recaseReferences(v, ownId, name),
    ]),
  );
}

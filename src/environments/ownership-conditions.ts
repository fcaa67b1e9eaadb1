/**
 * Conditional writes: a create is sent `If-None-Match: *`, an update or delete `If-Match` the etag
 * that was read, so a change made between our GET and our write (whose ownership we never
 * checked) is refused with 412 instead of overwritten. Sent only where the resource provider's
 * REST spec defines these headers: the DNS RP's record sets ("If-None-Match: Set to '*' to allow a
 * new record set to be created, but to prevent updating an existing record set"; "If-Match: … the
 * last-seen etag value to prevent accidentally overwriting any concurrent changes",
 * specification/dns/resource-manager/Microsoft.Network/stable/2018-05-01/dns.json,
 * RecordSets_CreateOrUpdate and RecordSets_Delete; articles/dns/dns-zones-records.md: "If-none-match * |
 * PUT only succeeds if resource doesn't exist") and the Private DNS RP's zones, virtual network
 * links and record sets (privatedns.json, same parameters). The other specs the plan uses define
 * neither header (their SDKs take no ifMatch), so their RPs are not relied on to honour them; the
 * gateway's one writer sends If-Match on its own (gateway-writer.ts).
 */
import type { ArmResource, DeleteOptions, PutOptions } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import { AppError } from '../errors.js';
import type { PlannedResource } from '../plan/index.js';

/** How many times one resource is read and written when each write answers 412. */
export const PRECONDITION_ATTEMPTS = 2;

const CONDITIONAL_TYPES = /^microsoft\.network\/(dnszones\/[^/]+|privatednszones(\/[^/]+)?)$/i;

/** Whether the type's REST spec defines If-Match / If-None-Match (see above). */
export function honoursConditions(type: string): boolean {
  return CONDITIONAL_TYPES.test(type);
}

/** The condition of a PUT: If-Match the etag read when it exists, If-None-Match `*` when not. */
export function putConditions(type: string, actual: ArmResource | undefined): PutOptions {
  if (!honoursConditions(type)) return {};
  if (!actual) return { ifNoneMatch: '*' };
  return actual.etag ? { ifMatch: actual.etag } : {};
}

export function deleteConditions(type: string, actual: ArmResource): DeleteOptions {
  return honoursConditions(type) && actual.etag ? { ifMatch: actual.etag } : {};
}

/** A write refused because the resource changed (or appeared) since it was read. */
export function isPreconditionFailed(error: unknown): boolean {
  return error instanceof AppError && error.code.toLowerCase() === 'preconditionfailed';
}

/** The resource kept changing between our reads and our writes: someone else is writing it. */
export function changedMeanwhile(planned: Pick<PlannedResource, 'id'>, error: AppError): AppError {
  return new AppError(
    'conflict',
    'ChangedMeanwhile',
    `${shortId(planned.id)} changed between each of ${PRECONDITION_ATTEMPTS} reads and the write that followed (${error.detail}): someone else is writing it at the same time (another deployment of this environment, a person in the portal, a pipeline). Nothing was overwritten; find that writer, let it finish, and deploy again`,
    { cause: error },
  );
}

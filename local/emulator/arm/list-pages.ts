// Collection GETs (a provider's list of one type under a scope, a resource's child collection)
// answer in pages: `value` holds at most LIST_PAGE_SIZE resources and, while more remain,
// `nextLink` is the absolute URL of the next page. The list operations of the REST specs this
// emulator serves are `x-ms-pageable` with `nextLinkName: nextLink` (e.g.
// ContainerGroups_ListByResourceGroup, specification/containerinstance/…/2023-05-01/containerInstance.json);
// the Private DNS example RecordSetAList.json (specification/privatedns/…/2024-06-01) answers with
// `"nextLink": "https://management.azure.com/…?api-version=2024-06-01&$skipToken=skipToken"`.
// Page size: "If not specified, returns up to 100 record sets" ($top of RecordSets_ListByType,
// privatedns.json); other providers document none, so 100 is inferred for them. The skip token
// is the RP's own, opaque to clients; here it is the offset. Pure.
import type { EmuRequest } from '../core/model.js';
import { ArmError } from './errors.js';

export const LIST_PAGE_SIZE = 100;

export interface ListPage<T> {
  items: T[];
  /** The next page's absolute URL; absent on the last page. */
  nextLink?: string;
}

/** Where this page starts; a token this emulator did not hand out is refused (inferred: 400). */
function offsetOf(req: EmuRequest): number {
  const token = req.query.get('$skipToken') ?? req.query.get('$skiptoken');
  if (token === null) return 0;
  if (!/^\d+$/.test(token))
    throw new ArmError(400, 'InvalidSkipToken', `The skip token '${token}' is not valid.`);
  return Number(token);
}

/** The page of `items` the request asks for (the first one without a skip token). */
export function listPage<T>(req: EmuRequest, items: readonly T[]): ListPage<T> {
  const offset = offsetOf(req);
  const next = offset + LIST_PAGE_SIZE;
  const page = { items: items.slice(offset, next) };
  if (next >= items.length) return page;
  const query = new URLSearchParams(req.query);
  query.delete('$skipToken');
  query.delete('$skiptoken');
  const rest = query.toString();
  return {
    ...page,
    nextLink: `${req.origin}${req.path}?${rest ? `${rest}&` : ''}$skipToken=${next}`,
  };
}

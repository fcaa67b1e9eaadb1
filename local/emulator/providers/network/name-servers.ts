// The four Azure DNS name servers of the public zones, each answering from the zones as they were
// its own propagation delay ago.
//
// "Azure DNS assigns four name servers to each DNS zone" (articles/dns/dns-faq.yml, "Do I have to
// delegate my domain to all four Azure DNS name servers?"); a zone GET lists them in
// `properties.nameServers` (azure-rest-api-specs, …/dns/…/stable/2018-05-01/examples/GetZone.json).
// "New or updated DNS zones and DNS records appear in the Azure DNS name servers within 60
// seconds" (dns-faq.yml, "How long does it take for DNS changes to take effect?"), and each name
// is served by Anycast ("each DNS query is answered by the closest available DNS server"). How the
// delay differs between the four is not documented: by default they lag 5, 20, 40 and 60 s
// (inferred; the slowest is the documented bound), each configurable (`nameServerDelaysMs`).
import { key } from '../../arm/resource-id.js';
import { properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { journalRecordSet, latestVersions, pruneJournal, recordSetsAsOf } from './dns-journal.js';
import type { DnsView } from './dns-lookup.js';
import { AZURE_NAME_SERVERS, PUBLIC_ZONE } from './dns-zones.js';

/** Default propagation delay of each name server, in Azure time, in `AZURE_NAME_SERVERS` order. */
export const NAME_SERVER_DELAYS_MS: readonly number[] = [5_000, 20_000, 40_000, 60_000];

/** How far behind the zones the name server `index` is, on the emulator's time scale. */
export function nameServerDelayMs(ctx: EmulatorContext, index: number): number {
  const configured = ctx.config.nameServerDelaysMs ?? NAME_SERVER_DELAYS_MS;
  const delay = configured[index] ?? NAME_SERVER_DELAYS_MS[index] ?? 60_000;
  return delay === Infinity ? Infinity : delay * ctx.config.timeScale;
}

const isPublicRecordSet = (r: ArmResource): boolean =>
  key(r.type).startsWith(`${key(PUBLIC_ZONE)}/`) && r.type.split('/').length === 3;

/**
 * Journals what changed without passing through a record set's PUT or DELETE (a PATCH, for
 * instance) at the moment it is first seen: later than it happened, so never earlier than Azure
 * would show it (inferred).
 */
function catchUp(ctx: EmulatorContext): void {
  const latest = latestVersions(ctx);
  const live = [...ctx.state.resources.values()].filter(isPublicRecordSet);
  for (const recordSet of live) {
    const journaled = latest.get(key(recordSet.id))?.recordSet;
    if (journaled?.etag !== recordSet.etag || !journaled) {
      journalRecordSet(ctx, recordSet.id, recordSet);
    }
  }
  const liveIds = new Set(live.map((r) => key(r.id)));
  for (const [id, version] of latest) {
    if (version.recordSet && !liveIds.has(id)) journalRecordSet(ctx, id, undefined);
  }
}

/** What the name server `index` answers from now: every public zone, `delay` ago. */
export function nameServerView(ctx: EmulatorContext, index: number): DnsView {
  catchUp(ctx);
  const now = ctx.clock.now();
  const slowest = Math.max(...AZURE_NAME_SERVERS.map((_, i) => nameServerDelayMs(ctx, i)));
  pruneJournal(ctx, now - slowest);
  const asOf = recordSetsAsOf(ctx, now - nameServerDelayMs(ctx, index));
  return {
    zones: () => [...ctx.state.resources.values()].filter((r) => key(r.type) === key(PUBLIC_ZONE)),
    recordSet: (zone, type, relative) => {
      const recordSet = asOf.get(key(`${zone.id}/${type}/${relative}`));
      return recordSet ? properties(recordSet) : undefined;
    },
    hasName: (zone, relative) =>
      [...asOf.keys()].some(
        (id) => id.startsWith(`${key(zone.id)}/`) && id.endsWith(`/${key(relative)}`),
      ),
  };
}

/**
 * What a teardown starts from: the environment's planned resources and whether each exists, plus
 * what listings find carrying the environment's marks that the plan does not name: the groups'
 * private A records (written from their IPs, never planned), ACME `_acme-challenge` TXT records a
 * crash left in the public zone, a host record or container group of an earlier spec. Reads only.
 */
import { shortId, type ArmResource } from '../azure/resources.js';
import { AppError } from '../errors.js';
import type { EnvironmentContext } from '../environments/index.js';
import {
  apiVersionOf,
  carriesMarks,
  environmentMarks,
  planIds,
  resourceGroupId,
} from '../plan/index.js';
import { plannedForTeardown } from './planned-resources.js';
import { teardownTargets, type DiscoveredResource } from './teardown-targets.js';
import type { Inventory } from './types.js';

/** The DNS RP's record sets share one api-version (dns.json 2018-05-01), whatever their type. */
const PUBLIC_RECORDS_API = apiVersionOf('Microsoft.Network/dnsZones/CNAME');
const PRIVATE_RECORDS_API = apiVersionOf('Microsoft.Network/privateDnsZones/A');
const GROUPS_API = apiVersionOf('Microsoft.ContainerInstance/containerGroups');

interface Listing {
  collection: string;
  type: string;
  apiVersion: string;
  owner: DiscoveredResource['owner'];
}

function listings(ctx: EnvironmentContext): Listing[] {
  const ids = planIds(ctx.spec);
  const publicZone = `${resourceGroupId(ctx.spec.subscriptionId, ctx.spec.dns.publicZoneResourceGroup)}/providers/Microsoft.Network/dnszones/${ctx.spec.dns.publicZone}`;
  const publicRecords = (type: string): Listing => ({
    collection: `${publicZone}/${type}`,
    type: `Microsoft.Network/dnsZones/${type}`,
    apiVersion: PUBLIC_RECORDS_API,
    owner: 'metadata',
  });
  return [
    {
      collection: `${ids.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups`,
      type: 'Microsoft.ContainerInstance/containerGroups',
      apiVersion: GROUPS_API,
      owner: 'tags',
    },
    {
      collection: `${ids.appPrivateZone}/A`,
      type: 'Microsoft.Network/privateDnsZones/A',
      apiVersion: PRIVATE_RECORDS_API,
      owner: 'metadata',
    },
    publicRecords('TXT'),
    publicRecords('CNAME'),
    publicRecords('A'),
  ];
}

export async function takeInventory(ctx: EnvironmentContext): Promise<Inventory> {
  const planned = await plannedForTeardown(ctx);
  const marks = environmentMarks(ctx.spec.name);
  const notes: string[] = [];
  const discovered = (
    await Promise.all(
      listings(ctx).map(async (listing) => {
        const found = await listOrNote(ctx, listing, notes);
        return found
          .filter((r) =>
            carriesMarks(listing.owner === 'tags' ? r.tags : r.properties?.metadata, marks),
          )
          .map((r) => ({
            id: r.id ?? '',
            type: listing.type,
            apiVersion: listing.apiVersion,
            owner: listing.owner,
          }));
      }),
    )
  ).flat();
  const { targets, unplaced } = teardownTargets(planned, discovered);
  for (const resource of unplaced)
    notes.push(`${shortId(resource.id)}: no step deletes a ${resource.type}; it is left as it is`);
  const present = await Promise.all(
    targets.map(async (t) => (await ctx.apply.store.get(t.id, t.apiVersion)) !== undefined),
  );
  ctx.log(
    `inventory: ${present.filter(Boolean).length} of ${targets.length} resources exist (${discovered.length} found by listing)`,
  );
  return { targets: targets.map((t, i) => ({ ...t, present: present[i] ?? false })), notes };
}

/** A listing Azure refuses (no right to list, a zone that is gone) is a note, not a failure. */
async function listOrNote(
  ctx: EnvironmentContext,
  listing: Listing,
  notes: string[],
): Promise<ArmResource[]> {
  try {
    return (await ctx.apply.store.list(listing.collection, listing.apiVersion)) ?? [];
  } catch (error) {
    if (!(error instanceof AppError) || !['forbidden', 'not-found'].includes(error.kind))
      throw error;
    notes.push(`could not list ${shortId(listing.collection)}: ${error.detail}`);
    return [];
  }
}

/**
 * Which existing resources a deployment deletes because its spec no longer plans them (`prune`):
 * the container groups this environment created beyond what it plans now (`app.instances`
 * lowered, the dashboard turned off) and their private A records. Pure: it answers from the plan
 * and what one list of the resource group's container groups and one list of the private zone's
 * A record sets showed. Only what carries this environment's ownership marks is selected (tags on
 * a group, metadata on a record set: ownership.ts), so nothing made by hand or by another
 * environment is ever chosen; a group named like this environment's but not marked as its own is
 * reported as kept, with what it carries.
 */
import type { ArmResource } from '../azure/resources.js';
import {
  carriesMarks,
  containerGroupRoles,
  ENVIRONMENT_TAG,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  planIds,
  type Plan,
} from '../plan/index.js';
import type { EnvironmentSpec } from '../spec/index.js';
import { metadataProblem, ownershipMarks, tagsProblem } from './ownership.js';

export const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';
export const RECORD_TYPE = 'Microsoft.Network/privateDnsZones/A';

/** What the two lists showed. */
export interface PruneListing {
  /** The resource group's container groups (ContainerGroups_ListByResourceGroup). */
  containerGroups: readonly ArmResource[];
  /** The A record sets of the environment's private zone (RecordSets_ListByType). */
  aRecords: readonly ArmResource[];
}

export interface PruneTarget {
  id: string;
  /** The group's name, or the record set's relative name (`app-3`). */
  name: string;
  type: typeof GROUP_TYPE | typeof RECORD_TYPE;
  /** As listed: a group's IP and provisioning state, a record set's etag and metadata. */
  listed: ArmResource;
}

/** A resource the deployment does not plan and leaves as it is, and why. */
export interface KeptResource {
  id: string;
  name: string;
  type: PruneTarget['type'];
  why: string;
}

export interface PruneSelection {
  /** Deleted once no backend pool holds their IPs. */
  containerGroups: PruneTarget[];
  /** Deleted after the groups, so a name never points at an address a dying group still holds. */
  aRecords: PruneTarget[];
  /** Not planned and left alone: another owner's, or everything when `prune` is false. */
  kept: KeptResource[];
}

/** What a deployment of `spec` (whose plan is `plan`) deletes among what was listed. */
export function pruneSelection(
  spec: EnvironmentSpec,
  plan: Plan,
  listing: PruneListing,
): PruneSelection {
  const marks = ownershipMarks(spec.name);
  const plannedGroups = new Set(
    [...plan.resources, ...plan.runOnce]
      .filter((r) => r.type === GROUP_TYPE)
      .map((r) => r.id.toLowerCase()),
  );
  // Every planned group's record name, whether or not the group has an IP (and so a record) yet.
  const plannedRecords = new Set(
    containerGroupRoles(spec, planIds(spec)).map((role) => role.recordName.toLowerCase()),
  );
  const unplannedGroups = listing.containerGroups.filter(
    (g) => !plannedGroups.has((g.id ?? '').toLowerCase()),
  );
  const groups = unplannedGroups.filter((g) => carriesMarks(g.tags, marks)).sort(byName);
  const records = listing.aRecords
    .filter(
      (r) =>
        !plannedRecords.has((r.name ?? '').toLowerCase()) &&
        metadataProblem(r, marks) === undefined,
    )
    .sort(byName);
  const foreign = [...unplannedGroups]
    .sort(byName)
    .filter((g) => looksLikeOurs(spec.name, g) && !carriesMarks(g.tags, marks))
    .map((g) => kept(g, GROUP_TYPE, `not this environment's: ${tagsProblem(g, marks) ?? ''}`));
  if (!spec.prune) {
    const why = 'prune is false in the spec';
    return {
      containerGroups: [],
      aRecords: [],
      kept: [
        ...groups.map((g) => kept(g, GROUP_TYPE, why)),
        ...records.map((r) => kept(r, RECORD_TYPE, why)),
        ...foreign,
      ],
    };
  }
  return {
    containerGroups: groups.map((g) => target(g, GROUP_TYPE)),
    aRecords: records.map((r) => target(r, RECORD_TYPE)),
    kept: foreign,
  };
}

/** Whether nothing is to be deleted. */
export function nothingToPrune(selection: PruneSelection): boolean {
  return selection.containerGroups.length === 0 && selection.aRecords.length === 0;
}

/**
 * Named as this environment names its groups (`ci-<name>-…`) and not another environment's of
 * this app (whose groups share the prefix when its name extends this one: `contoso-prod` and
 * `contoso`): a group someone may have expected this deployment to manage.
 */
function looksLikeOurs(environment: string, group: ArmResource): boolean {
  if (!(group.name ?? '').toLowerCase().startsWith(`ci-${environment}-`)) return false;
  const tags = group.tags ?? {};
  const managedByUs = carriesMarks(tags, { [MANAGED_BY_TAG]: MANAGED_BY_VALUE });
  const owner = Object.entries(tags).find(([k]) => k.toLowerCase() === ENVIRONMENT_TAG)?.[1];
  return !(managedByUs && owner !== undefined && owner !== environment);
}

function target(resource: ArmResource, type: PruneTarget['type']): PruneTarget {
  return { id: resource.id ?? '', name: resource.name ?? '', type, listed: resource };
}

function kept(resource: ArmResource, type: KeptResource['type'], why: string): KeptResource {
  return { id: resource.id ?? '', name: resource.name ?? '', type, why };
}

/** `app-2` before `app-10`. */
const byName = (a: { name?: string }, b: { name?: string }) =>
  (a.name ?? '').localeCompare(b.name ?? '', 'en', { numeric: true });

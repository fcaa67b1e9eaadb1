/**
 * Which existing resources an environment may change. Pure: every rule takes what was read and
 * answers why it is not this environment's, or nothing. How each kind of resource records its
 * owner:
 * - `tags`: every planned resource whose body has ARM tags carries `aci-vnet-sidecars-environment`
 *   = the environment's name and `managed-by` = `aci-vnet-sidecars` (src/plan/tags.ts);
 * - `metadata`: DNS record sets carry no ARM tags ("It doesn't support tags on DNS record sets,
 *   although as an alternative, metadata is supported on DNS record sets",
 *   articles/dns/dns-zones-records.md), the same pairs live in `properties.metadata`;
 * - `assignment`: a role assignment can carry neither; its name is a GUID of scope, principal and
 *   role (src/plan/roles.ts), so the one at that id is ours when it grants the same role to the
 *   same principal;
 * - `parent`: other resources without tags are children of a planned resource (a private
 *   endpoint's DNS zone group, the event subscription on the environment's system topic) and
 *   belong to whoever owns the parent. On a parent that is not planned (the resource group's
 *   system topic another environment created: Azure allows one per source) the event
 *   subscription is ours when it already selects this environment's container groups.
 * - `shared`: Azure SQL's private zone, which every environment of a resource group uses
 *   (isSharedZone): created with this environment's tags when absent, otherwise left as it is.
 * Tag names compare case-insensitively, values exactly (src/plan/tags.ts `carriesMarks`).
 */
import type { ArmResource } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import { AppError } from '../errors.js';
import {
  carriesMarks,
  ENVIRONMENT_TAG,
  environmentMarks,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  SQL_PRIVATE_ZONE,
  type JsonObject,
  type PlannedResource,
} from '../plan/index.js';

/** The name/value pairs that mark a resource (tags) or record set (metadata) as an environment's. */
export type OwnershipMarks = Readonly<Record<string, string>>;

export function ownershipMarks(environment: string): OwnershipMarks {
  return environmentMarks(environment);
}

export type OwnershipRule =
  | { kind: 'shared' }
  | { kind: 'tags' }
  | { kind: 'metadata' }
  | { kind: 'assignment' }
  | { kind: 'parent'; parentId: string };

const ROLE_ASSIGNMENT = 'microsoft.authorization/roleassignments';

/** How the planned resource records its owner (see the file comment). */
export function ownershipRule(planned: PlannedResource): OwnershipRule {
  if (isSharedZone(planned)) return { kind: 'shared' };
  if (isObject(planned.body.tags)) return { kind: 'tags' };
  if (isObject(propertiesOf(planned.body)?.metadata)) return { kind: 'metadata' };
  if (planned.type.toLowerCase() === ROLE_ASSIGNMENT) return { kind: 'assignment' };
  return { kind: 'parent', parentId: parentIdOf(planned.id) ?? '' };
}

/**
 * Azure SQL's private zone has a name Azure fixes (`privatelink.database.windows.net`), so every
 * environment of a resource group plans the same zone: the first creates it, the others use it as
 * it is, never rewriting its tags (each links it to its own VNet with a link of its own).
 */
function isSharedZone(planned: PlannedResource): boolean {
  return (
    planned.type.toLowerCase() === 'microsoft.network/privatednszones' &&
    planned.name.toLowerCase() === SQL_PRIVATE_ZONE
  );
}

/** `…/providers/NS/type/name/child/childName` → `…/providers/NS/type/name`; none for a top-level id. */
export function parentIdOf(id: string): string | undefined {
  const cut = id.toLowerCase().lastIndexOf('/providers/');
  const segments = id.slice(cut + '/providers/'.length).split('/');
  if (cut < 0 || segments.length < 5) return undefined;
  return id.split('/').slice(0, -2).join('/');
}

/** Why a resource whose owner is recorded in tags is not this environment's. */
export function tagsProblem(actual: ArmResource, marks: OwnershipMarks): string | undefined {
  if (carriesMarks(actual.tags, marks)) return undefined;
  return `it carries ${describeMarks('tags', actual.tags)}, not ${describeMarks('tags', marks)}`;
}

/** Why a record set is not this environment's. */
export function metadataProblem(actual: ArmResource, marks: OwnershipMarks): string | undefined {
  const metadata = actual.properties?.metadata;
  if (carriesMarks(metadata, marks)) return undefined;
  return `its metadata is ${describeMarks('', metadata)}, not ${describeMarks('', marks)}`;
}

/** Why a role assignment at the planned id is not the one this plan grants. */
export function assignmentProblem(body: JsonObject, actual: ArmResource): string | undefined {
  const want = propertiesOf(body) ?? {};
  const have = actual.properties ?? {};
  const principal = sameText(want.principalId, have.principalId);
  const role = sameText(lastSegment(want.roleDefinitionId), lastSegment(have.roleDefinitionId));
  if (principal && role) return undefined;
  return `it grants role ${String(lastSegment(have.roleDefinitionId))} to principal ${String(have.principalId)}, not role ${String(lastSegment(want.roleDefinitionId))} to principal ${String(want.principalId)}`;
}

/**
 * Why an event subscription on a topic this environment does not own is not this environment's:
 * ours selects exactly this environment's container groups (src/plan/event-grid.ts).
 */
export function sameJobProblem(
  planned: PlannedResource,
  body: JsonObject,
  actual: ArmResource,
): string | undefined {
  if (!planned.type.toLowerCase().endsWith('/eventsubscriptions'))
    return 'it carries no tags and its parent is not part of this environment';
  const want = subjectFilter(propertiesOf(body));
  const have = subjectFilter(actual.properties);
  if (want !== undefined && sameText(want, have)) return undefined;
  return `it selects subjects beginning with ${have ?? '(none)'}, not this environment's container groups (${want ?? '(none)'})`;
}

/**
 * The refusal: a validation failure (retrying cannot change who owns it) naming the resource,
 * what it carries, and what to do.
 */
export function notOwned(
  planned: Pick<PlannedResource, 'id'>,
  environment: string,
  rule: OwnershipRule,
  problem: string,
): AppError {
  return new AppError(
    'validation',
    'NotOwned',
    `${whatItIs(planned)} already exists and is not environment ${environment}'s: ${problem}. Nothing was changed: this app changes only what carries its environment's ownership ${rule.kind === 'metadata' ? 'metadata' : 'tags'}. ${remedy(planned, environment, rule)}`,
  );
}

function remedy(
  planned: Pick<PlannedResource, 'id'>,
  environment: string,
  rule: OwnershipRule,
): string {
  const pairs = `${ENVIRONMENT_TAG}=${environment} ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE}`;
  switch (rule.kind) {
    case 'metadata':
      return `Another team or environment uses this name: choose another ${/\/privatednszones\//i.test(planned.id) ? 'dns.privateZone' : 'gateway.hostName (or dns.publicZone)'}, or, if the record set is this environment's after all, add the metadata ${pairs} to it on purpose and deploy again`;
    case 'tags':
      return `Another team or environment owns it: choose another environment name or resource group, or, if it is this environment's after all, tag it on purpose (az tag update --resource-id ${planned.id} --operation Merge --tags ${pairs}) and deploy again`;
    case 'assignment':
      return 'Remove that role assignment if it is a leftover, or choose another environment name';
    case 'shared':
      return 'It is used as it is';
    case 'parent':
      return `Its parent ${shortId(rule.parentId)} decides who owns it: choose another environment name or resource group, or remove it if it is a leftover`;
  }
}

/** `CNAME app.contoso.example (…id)` for a record set; `virtualNetworks/vnet-x (…id)` otherwise. */
function whatItIs(planned: Pick<PlannedResource, 'id'>): string {
  const match = /\/(?:dnszones|privatednszones)\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(planned.id);
  if (match) {
    const [, zone = '', type = '', name = ''] = match;
    return `the DNS record set ${type} ${name === '@' ? zone : `${name}.${zone}`} (${planned.id})`;
  }
  return `${shortId(planned.id)} (${planned.id})`;
}

function describeMarks(what: string, found: unknown): string {
  const label = what ? `${what} ` : '';
  if (!isObject(found) || Object.keys(found).length === 0) return what ? `no ${what}` : 'empty';
  const pairs = Object.entries(found)
    .slice(0, 6)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `${label}{${pairs.join(', ')}}`;
}

function subjectFilter(properties: Record<string, unknown> | undefined): string | undefined {
  const filter = properties?.filter;
  const subject = isObject(filter) ? filter.subjectBeginsWith : undefined;
  return typeof subject === 'string' ? subject : undefined;
}

function propertiesOf(body: JsonObject | ArmResource): Record<string, unknown> | undefined {
  const properties = (body as { properties?: unknown }).properties;
  return isObject(properties) ? properties : undefined;
}

function lastSegment(value: unknown): unknown {
  return typeof value === 'string' ? value.split('/').at(-1) : value;
}

function sameText(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

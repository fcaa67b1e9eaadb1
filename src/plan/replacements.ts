// Changes Azure cannot make in place: the resource is deleted and created again ("replaces").
//
// ACI: "Changes to these properties require container group deletion before redeployment: OS
// type; CPU, memory, or GPU resources; Restart policy; Network profile; Availability zone"
// (articles/container-instances/container-instances-update.md, "Properties that require container
// delete"). A PUT that changes one fails with `InvalidContainerGroupUpdate` ("…you must delete it
// first and then create a new one", MicrosoftDocs/azure-docs#31168, #38067). Network profiles are
// retired since api-version 2021-07-01 (includes/network-profile-callout.md); `subnetIds` took
// their place and is treated the same (inferred).
import { bodyDrift } from './drift.js';
import type { JsonObject } from './types.js';

/** How a planned resource compares with the one in Azure. */
export type ResourceChange =
  | { action: 'create' }
  | { action: 'unchanged' }
  | { action: 'update'; drift: string[] }
  /** `replaces`: what ACI cannot change in place, e.g. "CPU of container 'web'". */
  | { action: 'replace'; drift: string[]; replaces: string[] };

/**
 * Create, update, replace or nothing: `actual` is the resource as ARM returns it, if it exists.
 * The one comparison behind every write of a deployment (src/environments/apply.ts, the gateway's
 * writer), `aci-vnet-sidecars diff` and `plan --previous`. A resource whose last operation failed
 * (a container group whose update failed stays `Failed` with the new body; a gateway PUT the app
 * stopped watching) is written again even when its body matches, so that the failure is not taken
 * for success and Azure's error surfaces.
 */
export function resourceChange(type: string, desired: JsonObject, actual: unknown): ResourceChange {
  if (actual === undefined || actual === null) return { action: 'create' };
  const drift = bodyDrift(desired, actual);
  if (drift.length === 0)
    return lastOperationFailed(actual)
      ? { action: 'update', drift: [FAILED_DRIFT] }
      : { action: 'unchanged' };
  const replaces = replacementsOf(type, desired, actual);
  return replaces.length > 0 ? { action: 'replace', drift, replaces } : { action: 'update', drift };
}

const FAILED_DRIFT = 'provisioningState Failed';

function lastOperationFailed(actual: unknown): boolean {
  const state = record(record(actual).properties).provisioningState;
  return typeof state === 'string' && state.toLowerCase() === 'failed';
}

/** What differs, as deployment logs and reports say it: `(absent)` for a create, nothing when unchanged. */
export function driftOf(change: ResourceChange): string[] {
  switch (change.action) {
    case 'create':
      return ['(absent)'];
    case 'unchanged':
      return [];
    case 'update':
    case 'replace':
      return change.drift;
  }
}

/** The properties a PUT of `desired` would change that the resource type cannot update in place. */
export function replacementsOf(type: string, desired: JsonObject, actual: unknown): string[] {
  if (type.toLowerCase() !== 'microsoft.containerinstance/containergroups') return [];
  const before = containerGroupValues(actual);
  return [...containerGroupValues(desired)].flatMap(([property, value]) => {
    const old = before.get(property);
    return old === undefined || old === value ? [] : [property];
  });
}

/** "replaces ci-x-app-1 (CPU of container 'web' changed)": for logs, progress and the plan output. */
export function replacesLine(name: string, replaces: readonly string[]): string {
  return `replaces ${name} (${replaces.join(', ')} changed)`;
}

type Values = Map<string, string>;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/**
 * Ids, enums and zone names ignore case in ARM. Which case both sides fold to does not matter:
 * the values Azure takes here (enums, zone numbers, GPU SKUs, ids) are ASCII, where upper and lower
 * case fold alike.
 */
// Stryker disable next-line MethodExpression: equivalent, both sides of every comparison fold the same way and ASCII folds alike to upper or lower case (see above)
const caseless = (value: unknown): string => text(value).toLowerCase();

/** Ids and zone names, compared as ARM does: case and order do not matter. */
const idSet = (value: unknown): string =>
  JSON.stringify(
    list(value)
      .map((item) => caseless(record(item).id ?? item))
      .sort(),
  );

/**
 * Each value that forces a replacement, under the name the plan output shows. An omitted property
 * has Azure's default ("Always … is the default setting applied when no restart policy is
 * specified", container-instances-restart-policy.md); ids and enums ignore case.
 */
function containerGroupValues(body: unknown): Values {
  const group = record(body);
  const props = record(group.properties);
  const values: Values = new Map([
    ['OS type', caseless(props.osType)],
    ['restart policy', caseless(text(props.restartPolicy) || 'Always')],
    ['network profile', caseless(record(props.networkProfile).id)],
    ['subnet', idSet(props.subnetIds)],
    ['availability zone', idSet(group.zones)],
  ]);
  // By container name: a container that is added or removed is not a resource change (inferred).
  for (const container of list(props.containers)) {
    const { name, properties } = record(container);
    const resources = record(record(properties).resources);
    for (const kind of ['requests', 'limits'] as const) {
      const r = record(resources[kind]);
      const of = `${kind === 'limits' ? ' limit' : ''} of container '${text(name)}'`;
      const gpu = record(r.gpu);
      values.set(`CPU${of}`, text(r.cpu));
      values.set(`memory${of}`, text(r.memoryInGB));
      values.set(`GPU${of}`, `${text(gpu.count)} ${caseless(gpu.sku)}`);
    }
  }
  return values;
}

// What ACI cannot change on an existing container group: a PUT that changes one of these fails,
// and the group must be deleted and created again.
//
// "Changes to these properties require container group deletion before redeployment: OS type;
// CPU, memory, or GPU resources; Restart policy; Network profile; Availability zone"
// (articles/container-instances/container-instances-update.md, "Properties that require
// container delete", azure-compute-docs, ms.date 08/29/2024). Network profiles "have been retired
// as of the `2021-07-01` API version" (includes/network-profile-callout.md); their successor is
// `subnetIds`, which is treated the same (inferred; terraform-provider-azurerm#17785 makes
// `subnet_ids` ForceNew too). Older versions of the page also listed "Ports" (azure-docs, 2018);
// the current list does not, so ports update in place here.
//
// Azure's answer: code `InvalidContainerGroupUpdate`, message "The updates on container group
// '{name}' are invalid. If you are going to update the RestartPolicy (old "OnFailure", new
// "Always") for a container group, you must delete it first and then create a new one."
// (MicrosoftDocs/azure-docs#31168, 2024; before that the message listed every property: "If you
// are going to update the os type, restart policy, network profile, CPU, memory or GPU resources
// for a container group, you must delete it first and then create a new one.",
// MicrosoftDocs/azure-docs#38067, #37604). Inferred: HTTP 400 (ARM's status for a request it
// refuses as invalid; no report shows the status), the names of the properties other than
// RestartPolicy in the message, and that only the first change found is named.
import { ArmError } from '../../arm/errors.js';
import { properties } from '../../arm/resource-store.js';
import type { ArmResource } from '../../core/model.js';

/** One property ACI cannot update in place, as the error names it, with its value before and after. */
export interface ImmutableChange {
  property: string;
  old: string;
  new: string;
}

/** A value as Azure quotes it, and the form it compares by (ids and enums ignore case, lists order). */
interface Value {
  shown: string;
  compared: string;
}
type Values = Map<string, Value>;

const text = (value: unknown, fallback = ''): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;

const caseless = (shown: string): Value => ({ shown, compared: shown.toLowerCase() });

function idList(value: unknown): Value {
  const ids = (Array.isArray(value) ? value : []).map((item) =>
    text((item as { id?: unknown } | null)?.id ?? item),
  );
  return {
    shown: ids.join(','),
    compared: ids
      .map((id) => id.toLowerCase())
      .sort()
      .join(','),
  };
}

const number = (value: unknown): Value => {
  const shown = value === undefined ? '' : String(Number(value));
  return { shown, compared: shown };
};

function gpu(value: unknown): Value {
  const { count, sku } = (value && typeof value === 'object' ? value : {}) as {
    count?: unknown;
    sku?: unknown;
  };
  return caseless(`${text(count)} ${text(sku)}`.trim());
}

/**
 * CPU, memory and GPU of each container, by container name. Inferred: a container added or
 * removed is not a change of "CPU, memory, or GPU resources".
 */
function containerValues(group: ArmResource, values: Values): void {
  const containers = properties(group).containers;
  for (const container of Array.isArray(containers) ? containers : []) {
    const { name, properties: props } = container as { name?: unknown; properties?: unknown };
    const resources = (props as { resources?: Record<string, Record<string, unknown>> } | undefined)
      ?.resources;
    for (const kind of ['requests', 'limits'] as const) {
      const r = resources?.[kind] ?? {};
      const of = `${kind === 'limits' ? ' limit' : ''} of container '${text(name)}'`;
      values.set(`Cpu${of}`, number(r.cpu));
      values.set(`MemoryInGB${of}`, number(r.memoryInGB));
      values.set(`Gpu${of}`, gpu(r.gpu));
    }
  }
}

/** The values of the properties that require a delete; an omitted property has its default. */
function immutableValues(group: ArmResource): Values {
  const props = properties(group);
  const networkProfile = props.networkProfile as { id?: unknown } | undefined;
  const values: Values = new Map([
    ['OsType', caseless(text(props.osType))],
    // "Always" is the default restart policy (container-instances-restart-policy.md).
    ['RestartPolicy', caseless(text(props.restartPolicy, 'Always'))],
    ['NetworkProfile', caseless(text(networkProfile?.id))],
    ['SubnetIds', idList(props.subnetIds)],
    ['Zones', idList(group.zones)],
  ]);
  containerValues(group, values);
  return values;
}

/** The properties a PUT would change that ACI cannot update in place, in a stable order. */
export function immutableChanges(existing: ArmResource, next: ArmResource): ImmutableChange[] {
  const before = immutableValues(existing);
  return [...immutableValues(next)].flatMap(([property, value]) => {
    const old = before.get(property);
    return !old || old.compared === value.compared
      ? []
      : [{ property, old: old.shown, new: value.shown }];
  });
}

/** Refuses a PUT on an existing group that changes what ACI cannot update in place, as Azure does. */
export function checkInPlaceUpdate(existing: ArmResource, next: ArmResource): void {
  const first = immutableChanges(existing, next)[0];
  if (!first) return;
  throw new ArmError(
    400,
    'InvalidContainerGroupUpdate',
    `The updates on container group '${next.name}' are invalid. If you are going to update the ${first.property} (old "${first.old}", new "${first.new}") for a container group, you must delete it first and then create a new one.`,
  );
}

import type { ArmResource, ResourceStore } from '../../../src/azure/resources.js';
import { classifyFailure } from '../../../src/errors.js';
import { API_VERSIONS } from '../../../src/plan/api-versions.js';

/** One row of the dashboard. */
export interface GroupStatus {
  id: string;
  name: string;
  /** Instance view state (`Running`, `Stopped`…), else the provisioning state, else `Unknown`. */
  state: string;
  ip: string | null;
  /** Highest restart count among the group's containers (a group restart counts once per container). */
  restartCount: number;
  /** Why the group could not be read, when it could not. */
  error?: string;
}

type Container = { properties?: { instanceView?: { restartCount?: unknown } } };

const nameOf = (id: string) => id.split('/').at(-1) ?? id;

/** What the dashboard shows for one group, from the group as ARM returns it. Pure. */
export function groupStatus(id: string, resource: ArmResource | undefined): GroupStatus {
  if (!resource) return { id, name: nameOf(id), state: 'NotFound', ip: null, restartCount: 0 };
  const props = resource.properties ?? {};
  const view = props.instanceView as { state?: unknown } | undefined;
  const provisioning = props.provisioningState;
  const ip = (props.ipAddress as { ip?: unknown } | undefined)?.ip;
  const containers = Array.isArray(props.containers) ? (props.containers as Container[]) : [];
  const counts = containers.map((c) => c.properties?.instanceView?.restartCount);
  return {
    id,
    name: resource.name ?? nameOf(id),
    state:
      typeof view?.state === 'string'
        ? view.state
        : typeof provisioning === 'string'
          ? provisioning
          : 'Unknown',
    ip: typeof ip === 'string' ? ip : null,
    restartCount: Math.max(0, ...counts.filter((n): n is number => typeof n === 'number')),
  };
}

/**
 * What the page and `/groups.json` say about a group that could not be read. ARM's own message
 * names principals, object ids and scopes ("The client '…' with object id '…' does not have
 * authorization …"): it goes to the container's log only, never to whoever reaches the page.
 */
export const UNREADABLE_GROUP = 'could not be read; the details are in the dashboard log';

/**
 * Reads every group in parallel with the dashboard's identity (Reader on each group). A group that
 * cannot be read becomes a row with a generic error, so one missing grant does not blank the
 * page; what ARM said is logged with the group's id.
 */
export async function readGroupStatuses(
  store: Pick<ResourceStore, 'get'>,
  ids: readonly string[],
  log: (line: string) => void,
): Promise<GroupStatus[]> {
  const apiVersion = API_VERSIONS['Microsoft.ContainerInstance/containerGroups'];
  return Promise.all(
    ids.map(async (id) => {
      try {
        return groupStatus(id, await store.get(id, apiVersion));
      } catch (error) {
        const failure = classifyFailure(error);
        log(`dashboard: reading ${id} failed: ${failure.kind}/${failure.code}: ${failure.message}`);
        return { ...groupStatus(id, undefined), state: 'Unreadable', error: UNREADABLE_GROUP };
      }
    }),
  );
}

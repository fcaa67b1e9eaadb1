/**
 * Which changes take a resource out of service for a while, so that applying them goes one at a
 * time with the apply context's hook around each (apply.ts `aroundDisruption`). Pure.
 *
 * A replacement always does (delete, then create). An update in place of a container group does
 * too: "When you update a container group, all running containers in the group are restarted
 * in-place, usually on the same underlying container host"
 * (articles/container-instances/container-instances-update.md). Every other update in place this
 * app makes (records, zones, identities, …) leaves the resource serving. Creation is never a
 * disruption: nothing served before it.
 */

const RESTARTED_BY_UPDATE = new Set(['microsoft.containerinstance/containergroups']);

/** Whether a PUT that changes an existing resource of this type restarts it. */
export function restartsOnUpdate(type: string): boolean {
  return RESTARTED_BY_UPDATE.has(type.toLowerCase());
}

// What the database-migration stage decides from what it reads: the run-once group's progress,
// the fingerprint of a migration, and the lines of its log worth showing. Pure.
import { createHash } from 'node:crypto';
import type { ArmResource } from '../azure/resources.js';
import type { JsonObject } from '../plan/index.js';

/**
 * Tag on the SQL database recording the fingerprint of the last migration that succeeded against
 * it: a deployment whose migration has that fingerprint creates no group and writes nothing. The
 * database carries it because the migration's work lives there: a database created anew has no
 * tag, and the migration runs again.
 */
export const MIGRATION_MARKER_TAG = 'aci-vnet-sidecars-migration';

/** How many lines of the container's log a failure quotes and a success keeps. */
export const LOG_TAIL_LINES = 20;

/** Where the run-once group is, from its GET (`properties.instanceView`, container-state.md). */
export type MigrationRun =
  /** Not exited yet: being created, waiting (init, image pull), or running. */
  | { kind: 'running'; state: string }
  /** The container terminated "accompanied with an exit code value" (container-state.md). */
  | { kind: 'exited'; exitCode: number }
  /** The group failed before its container could end with an exit code (provisioning, image pull). */
  | { kind: 'failed'; reason: string };

interface ContainerView {
  name?: string;
  properties?: {
    instanceView?: {
      currentState?: { state?: string; exitCode?: number; detailStatus?: string };
      events?: { message?: string; name?: string }[];
    };
  };
}

interface GroupProperties {
  provisioningState?: string;
  instanceView?: { state?: string; events?: { message?: string }[] };
  containers?: ContainerView[];
}

/**
 * The run's progress: exited once the container's current state is `Terminated` with an exit
 * code; failed when the group's provisioning failed ("The container group failed to reach the
 * **Succeeded** provisioning state", container-state.md) or the group is `Failed` with no exit
 * code to show; running otherwise, with the states and the container's last event to show.
 */
export function migrationRun(group: ArmResource, container: string): MigrationRun {
  const properties = (group.properties ?? {}) as GroupProperties;
  const view = properties.containers?.find((c) => c.name === container)?.properties?.instanceView;
  const current = view?.currentState;
  if (current?.state === 'Terminated' && typeof current.exitCode === 'number')
    return { kind: 'exited', exitCode: current.exitCode };
  const lastEvent =
    view?.events?.at(-1)?.message ?? properties.instanceView?.events?.at(-1)?.message;
  const groupState = properties.instanceView?.state;
  if (properties.provisioningState === 'Failed' || groupState === 'Failed') {
    const state = `provisioning ${properties.provisioningState ?? '?'}, group ${groupState ?? '?'}`;
    return { kind: 'failed', reason: lastEvent ? `${state}: ${lastEvent}` : state };
  }
  const states = [
    `group ${groupState ?? properties.provisioningState ?? 'creating'}`,
    `container ${current?.state ?? 'not started'}`,
  ];
  return { kind: 'running', state: [...states, ...(lastEvent ? [lastEvent] : [])].join(', ') };
}

/**
 * The migration's fingerprint: its group's resolved body (image, database, the identities' ids)
 * and the content hash of the image the registry holds under that name. A change to either runs
 * the migration again; nothing else does.
 */
export function migrationFingerprint(body: JsonObject, imageContent: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify({ body, imageContent: imageContent ?? null }))
    .digest('hex')
    .slice(0, 32);
}

/** The last `count` non-empty lines of a log. */
export function logTail(content: string, count = LOG_TAIL_LINES): string[] {
  return content
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0)
    .slice(-count);
}

/** The count of changes the program's summary line gives (`migrate: 3 changes`), if any. */
export function changesOf(lines: readonly string[]): number | undefined {
  const match = /\b(\d+) changes?\b/.exec(lines.at(-1) ?? '');
  return match ? Number(match[1]) : undefined;
}

// Containers_ListLogs: `GET …/containerGroups/{group}/containers/{container}/logs?tail=N`, answered
// `200 { "content": "…" }` (containerInstance.json 2023-05-01: "tail: The number of lines to show
// from the tail of the container instance log. If not provided, all available logs are shown up to
// 4mb"). The emulator runs no process: a container's log is what its run-once outcome said
// (run-once.ts), and empty for a container that has not ended a run.
import { ArmError, armErrors } from '../../arm/errors.js';
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { EmuRequest, EmuResponse } from '../../core/model.js';
import { containerLog } from './run-once.js';

export interface ContainerLogsTarget {
  /** `/subscriptions/…/resourceGroups/{rg}/providers/Microsoft.ContainerInstance/containerGroups/{group}` */
  groupId: string;
  resourceGroup: string;
  container: string;
}

const MAX_LOG_BYTES = 4 * 1024 * 1024;

export function containerLogs(
  ctx: EmulatorContext,
  req: EmuRequest,
  target: ContainerLogsTarget,
): EmuResponse {
  const group = getResource(ctx, target.groupId);
  const groupName = target.groupId.split('/').at(-1) ?? '';
  if (!group)
    throw armErrors.resourceNotFound(
      'Microsoft.ContainerInstance/containerGroups',
      groupName,
      target.resourceGroup,
    );
  const containers = properties(group).containers;
  const names = (Array.isArray(containers) ? (containers as { name?: string }[]) : []).map(
    (c) => c.name ?? '',
  );
  const container = names.find((n) => n.toLowerCase() === target.container.toLowerCase());
  if (container === undefined) {
    // Inferred: no page gives ACI's answer for a container the group does not have.
    throw new ArmError(
      404,
      'ContainerNotFound',
      `The container '${target.container}' is not found in container group '${groupName}'.`,
    );
  }
  const log = containerLog(ctx, group.id, container).slice(-MAX_LOG_BYTES);
  return { status: 200, body: { content: tailOf(log, req.query.get('tail')) } };
}

/** The last `tail` lines (a final newline does not start another line). */
function tailOf(log: string, tail: string | null): string {
  const count = tail === null ? NaN : Number(tail);
  if (!Number.isInteger(count) || count < 0) return log;
  const lines = log.split('\n');
  const ended = lines.at(-1) === '';
  const body = ended ? lines.slice(0, -1) : lines;
  const kept = count === 0 ? [] : body.slice(-count);
  return kept.length > 0 && ended ? `${kept.join('\n')}\n` : kept.join('\n');
}

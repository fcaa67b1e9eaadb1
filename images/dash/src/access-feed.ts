// Reads the access table for the chart, as the dashboard's own database user (read only).
import type { WorkloadDatabase } from '../../shared/database/workload-database.js';
import { classifyFailure } from '../../../src/errors.js';
import { accessSnapshot, windowStart, ACCESS_WINDOW_SECONDS } from './access-chart.js';
import type { AccessView } from './chart-html.js';
import type { GroupStatus } from './group-status.js';

/**
 * What the page and the feed say when the table cannot be read. The driver's message names the
 * server, the database and the user: it goes to the container's log only.
 */
export const ACCESSES_UNREADABLE =
  'the access table could not be read; the details are in the dashboard log';

export interface AccessFeedInput {
  database: Pick<WorkloadDatabase, 'accessCounts'>;
  /** The groups that own the source IPs (ARM, cached by the caller). */
  groups: () => Promise<GroupStatus[]>;
  now: () => Date;
  log: (line: string) => void;
  windowSeconds?: number;
}

/** The chart's data for the window ending now, or a generic reason when the database failed. */
export async function readAccesses(input: AccessFeedInput): Promise<AccessView> {
  const at = input.now();
  const windowSeconds = input.windowSeconds ?? ACCESS_WINDOW_SECONDS;
  try {
    const [counts, groups] = await Promise.all([
      input.database.accessCounts(windowStart(at, windowSeconds)),
      input.groups(),
    ]);
    return { ok: true, snapshot: accessSnapshot({ counts, groups, at, windowSeconds }) };
  } catch (error) {
    const failure = classifyFailure(error);
    input.log(
      `dashboard: reading the access table failed: ${failure.kind}/${failure.code}: ${failure.message}`,
    );
    return { ok: false, reason: ACCESSES_UNREADABLE };
  }
}

// The migration itself, whichever engine: read the catalog, apply the desired state with
// idempotent statements, read the catalog again, and report the difference. A change is what the
// catalog says changed, not what a statement meant to do, so a second run reports 0 changes only
// when the database really is as it was.
import type { DatabaseUser } from './settings.js';

/** One engine's side of the migration (azure-sql.ts, postgres.ts). */
export interface MigrationTarget {
  /** `Azure SQL <server>/<database>` or `PostgreSQL <host>:<port>/<database>`, for the log. */
  where: string;
  /**
   * What the migration manages, one line per catalog entry: the access table and its indexes,
   * the workload users, and every permission they hold. Order does not matter.
   */
  catalog(users: readonly DatabaseUser[]): Promise<string[]>;
  /** The access table, then each user with exactly its privileges; idempotent. */
  apply(users: readonly DatabaseUser[], log: (line: string) => void): Promise<void>;
  close(): Promise<void>;
}

export interface MigrationReport {
  /** `+ …` for an entry that appeared, `- …` for one that went away, sorted. */
  changes: string[];
}

export async function migrate(
  target: MigrationTarget,
  users: readonly DatabaseUser[],
  log: (line: string) => void,
): Promise<MigrationReport> {
  const before = await target.catalog(users);
  await target.apply(users, log);
  const after = await target.catalog(users);
  return { changes: catalogChanges(before, after) };
}

/** The entries only one side holds, `+` for added and `-` for removed. Pure. */
export function catalogChanges(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  const has = new Set(after);
  return [
    ...[...has].filter((line) => !had.has(line)).map((line) => `+ ${line}`),
    ...[...had].filter((line) => !has.has(line)).map((line) => `- ${line}`),
  ].sort((a, b) => a.slice(2).localeCompare(b.slice(2)) || a.localeCompare(b));
}

/** The last line of the log: what the deployment's stage shows as the migration's summary. */
export function summaryLine(report: MigrationReport): string {
  const count = report.changes.length;
  return count === 0
    ? 'migrate: 0 changes: the database already had the access table and the users with their permissions'
    : `migrate: ${count} change${count === 1 ? '' : 's'}`;
}

// One run of the migration: connect, migrate, print every change and a summary, close. Answers
// the process's exit code: 0 when the database is as it should be, 1 when a step failed (the
// reason printed last, for the stage that reads the log's tail), 2 for settings that do not parse.
import { migrate, summaryLine, type MigrationTarget } from './migration.js';
import { readMigrationSettings, type MigrationSettings } from './settings.js';

export interface RunIo {
  /** Opens the engine the settings name, connected as its administrator. */
  open: (settings: MigrationSettings) => Promise<MigrationTarget>;
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function runMigration(
  env: Record<string, string | undefined>,
  io: RunIo,
): Promise<number> {
  const parsed = readMigrationSettings(env);
  if (!parsed.ok) {
    io.err(`migrate: invalid settings: ${parsed.problems.join('; ')}`);
    return 2;
  }
  const { settings } = parsed;
  let target: MigrationTarget | undefined;
  let step = 'connecting';
  try {
    target = await io.open(settings);
    io.out(`migrate: connected to ${target.where}`);
    step = 'migrating';
    const report = await migrate(target, settings.users, io.out);
    for (const change of report.changes) io.out(`migrate: ${change}`);
    io.out(summaryLine(report));
    return 0;
  } catch (error) {
    io.err(
      `migrate: failed while ${step}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    await target?.close().catch(() => undefined);
  }
}

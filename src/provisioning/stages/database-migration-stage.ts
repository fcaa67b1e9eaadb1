// Deployment stage that sets the database up: the access table and the workload's contained users,
// made by a run-once container group in the VNet (this app cannot reach the private endpoint).
import { createContainerLogs } from '../../azure/container-logs.js';
import { createResourceTags } from '../../azure/resource-tags.js';
import type { ArmResource } from '../../azure/resources.js';
import { readKnown, resolvedBody } from '../../environments/index.js';
import {
  notOwned,
  ownershipMarks,
  ownershipRule,
  tagsProblem,
} from '../../environments/ownership.js';
import { AppError } from '../../errors.js';
import {
  apiVersionOf,
  bodyDrift,
  MIGRATION_CONTAINER,
  planIds,
  type PlannedResource,
} from '../../plan/index.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import {
  changesOf,
  LOG_TAIL_LINES,
  logTail,
  MIGRATION_MARKER_TAG,
  migrationFingerprint,
  migrationRun,
} from '../database-migration.js';
import { imageTag } from '../images.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';

const DATABASE_API = apiVersionOf('Microsoft.Sql/servers/databases');

/**
 * Runs the migration once per fingerprint (the group's resolved body and the migrate image's
 * content): when the database's marker tag holds it, nothing is created or written. Otherwise,
 * one step per activity run, the orchestrator waiting with Durable timers in between:
 * 1. create the group (`restartPolicy: Never`, only the SQL admin identity) and wait for the PUT;
 * 2. until its container has exited, answer "not ready";
 * 3. read the log's tail, delete the group, then fail with that tail on a nonzero exit code, or
 *    record the fingerprint on the database and report the program's summary line.
 * A group left by an earlier run with the same body is picked up where it is; one made from
 * another plan is deleted first. Retried or run again, every step starts from what Azure holds.
 */
export async function databaseMigrationStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const task = migrationTask(ctx);
  const body = await resolvedBody(ctx.apply, task);
  const ids = planIds(ctx.spec);
  const database = await readKnown(ctx.apply, ids.sqlDatabase);
  const registry = await readKnown(ctx.apply, ids.registry);
  const fingerprint = migrationFingerprint(body, registry.tags?.[imageTag('migrate')]);
  const group = await ctx.apply.store.get(task.id, task.apiVersion);
  if (!group) {
    if (database.tags?.[MIGRATION_MARKER_TAG] === fingerprint) return alreadyApplied(fingerprint);
    ctx.log(`creating the run-once group ${task.name} to migrate the database`);
    const created = await ctx.apply.store.put(task.id, task.apiVersion, body);
    return inspect(ctx, task, created, database, fingerprint);
  }
  requireOurs(ctx, task, group);
  if (bodyDrift(body, group).length > 0) {
    ctx.log(`deleting ${task.name}: it was created for another migration`);
    await ctx.apply.store.delete(task.id, task.apiVersion);
    return notReady(`${task.name} was left by another migration and is deleted; creating it anew`);
  }
  return inspect(ctx, task, group, database, fingerprint);
}

function migrationTask(ctx: StageContext): PlannedResource {
  const task = ctx.plan.runOnce.find((r) => r.area === 'database-migration');
  if (!task) throw new Error(`the plan of ${ctx.spec.name} has no database migration`);
  return task;
}

/** A group of that name that is not this environment's is neither used nor deleted. */
function requireOurs(ctx: StageContext, task: PlannedResource, group: ArmResource): void {
  const problem = tagsProblem(group, ownershipMarks(ctx.spec.name));
  if (problem) throw notOwned(task, ctx.spec.name, ownershipRule(task), problem);
}

async function inspect(
  ctx: StageContext,
  task: PlannedResource,
  group: ArmResource,
  database: ArmResource,
  fingerprint: string,
): Promise<StageReport | NotReady> {
  const run = migrationRun(group, MIGRATION_CONTAINER);
  if (run.kind === 'running')
    return notReady(`waiting for the migration in ${task.name} to exit (${run.state})`);
  const lines = run.kind === 'exited' ? await logLines(ctx, task) : [];
  ctx.log(`deleting the run-once group ${task.name}`);
  await ctx.apply.store.delete(task.id, task.apiVersion);
  if (run.kind === 'failed') {
    throw new AppError(
      'validation',
      'MigrationFailed',
      `the database migration group ${task.name} failed before its container exited (${run.reason}); it is deleted, and the next deployment runs it again`,
    );
  }
  if (run.exitCode !== 0) {
    throw new AppError(
      'validation',
      'MigrationFailed',
      `the database migration in ${task.name} exited with code ${run.exitCode}; its log ends:\n${lines.join('\n') || '(empty)'}\nThe group is deleted; fix the cause and deploy again`,
    );
  }
  await createResourceTags(
    ctx.services.connection,
    ctx.spec.subscriptionId,
    ctx.services.deadline,
  ).set(database.id ?? planIds(ctx.spec).sqlDatabase, DATABASE_API, {
    ...(database.tags ?? {}),
    [MIGRATION_MARKER_TAG]: fingerprint,
  });
  return migrated(lines, task.name, fingerprint);
}

async function logLines(ctx: StageContext, task: PlannedResource): Promise<string[]> {
  const logs = createContainerLogs(
    ctx.services.connection,
    { subscriptionId: ctx.spec.subscriptionId, resourceGroup: ctx.spec.resourceGroup },
    ctx.services.deadline,
  );
  return logTail(await logs.tail(task.name, MIGRATION_CONTAINER, LOG_TAIL_LINES));
}

function migrated(lines: string[], group: string, fingerprint: string): StageReport {
  const changes = changesOf(lines);
  return {
    summary: `${lines.at(-1) ?? 'the migration exited 0'} (ran in ${group}, now deleted)`,
    created: 0,
    updated: changes ?? 0,
    unchanged: changes === 0 ? 1 : 0,
    outputs: { migration: fingerprint, log: lines },
  };
}

function alreadyApplied(fingerprint: string): StageReport {
  return {
    summary: `the database already had this migration (${fingerprint.slice(0, 8)}): no group created`,
    created: 0,
    updated: 0,
    unchanged: 1,
    outputs: { migration: fingerprint },
  };
}

// Keeps the PostgreSQL twin in step with the emulated Azure SQL resources: each
// `Microsoft.Sql/servers/databases` record becomes a database owned by its server's Entra
// administrator (twin-plan.ts), created when it appears and dropped when it goes. Failures are
// reported as values, never thrown at the runtime's poll loop.
import type { ArmRecord } from '../types.js';
import { messageOf } from './postgres-cluster.js';
import type { PostgresServerHandle } from './postgres-server.js';
import {
  desiredDatabases,
  twinSteps,
  type DesiredTwin,
  type TwinCatalog,
  type TwinDatabase,
} from './twin-plan.js';

/** What a sync did (one sentence per change) and what it could not do. */
export interface TwinSyncReport {
  changes: string[];
  problems: string[];
}

/** The part of the server a sync needs: statements as its superuser. */
export type TwinAdmin = Pick<PostgresServerHandle, 'admin'>;

/** Where the superuser runs DDL: the maintenance database every cluster has. */
const MAINTENANCE = 'postgres';

async function readCatalog(server: TwinAdmin, owners: readonly string[]): Promise<TwinCatalog> {
  const [databases = [], roles = []] = await server.admin(MAINTENANCE, [
    `SELECT datname AS name, pg_get_userbyid(datdba) AS owner FROM pg_database
      WHERE NOT datistemplate AND datname <> '${MAINTENANCE}'`,
    {
      text: `SELECT rolname AS name, rolcanlogin AS login, rolcreaterole AS "createRole"
        FROM pg_roles WHERE rolname = ANY($1)`,
      values: [owners],
    },
  ]);
  return {
    databases: databases as TwinCatalog['databases'],
    roles: roles as TwinCatalog['roles'],
  };
}

async function apply(server: TwinAdmin, desired: DesiredTwin): Promise<TwinSyncReport> {
  const changes: string[] = [];
  const problems = [...desired.problems];
  try {
    const owners = [...new Set(desired.databases.map((d) => d.owner))];
    const catalog = await readCatalog(server, owners);
    for (const step of twinSteps(desired, catalog)) {
      await server.admin(MAINTENANCE, [step.statement]);
      changes.push(step.change);
    }
  } catch (error) {
    problems.push(`the PostgreSQL twin could not follow Azure SQL: ${messageOf(error)}`);
  }
  return { changes, problems };
}

/**
 * One idempotent pass: reads the twin's catalog and runs only the statements that differ, so a
 * second call with the same records changes nothing and reports no change.
 */
export function syncAzureSqlTwin(
  server: TwinAdmin,
  records: readonly ArmRecord[],
): Promise<TwinSyncReport> {
  return apply(server, desiredDatabases(records));
}

export interface AzureSqlTwinFollower {
  /** Called with every poll's records; touches PostgreSQL only when the desired twin changed. */
  follow(records: readonly ArmRecord[]): Promise<void>;
  /** The databases the twin holds for Azure SQL and what it cannot stand in for. */
  status(): { databases: TwinDatabase[]; problems: string[] };
}

/**
 * The runtime's side: each change is logged once as it happens, each problem once while it lasts
 * (a poll runs four times a second). A failed pass is tried again at the next poll.
 */
export function followAzureSqlTwin(
  server: TwinAdmin,
  log: (line: string) => void,
): AzureSqlTwinFollower {
  let applied: string | undefined;
  let busy = false;
  let current: DesiredTwin = { databases: [], problems: [], kept: [] };
  let reported = new Set<string>();
  return {
    async follow(records) {
      const desired = desiredDatabases(records);
      const key = JSON.stringify(desired);
      if (busy || key === applied) return;
      busy = true;
      try {
        const report = await apply(server, desired);
        for (const change of report.changes) log(`database twin: ${change}`);
        for (const problem of report.problems) {
          if (!reported.has(problem)) log(`database twin: ${problem}`);
        }
        reported = new Set(report.problems);
        current = { ...desired, problems: report.problems };
        // Problems of the records themselves stay until the records change; a failed statement
        // is tried again.
        applied = report.problems.length === desired.problems.length ? key : undefined;
      } finally {
        busy = false;
      }
    },
    status: () => ({ databases: current.databases, problems: current.problems }),
  };
}

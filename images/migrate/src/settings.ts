// What the migration reads from its environment (set by src/plan/database-migration.ts, or by a
// test for PostgreSQL). Pure: an environment record in, settings or every problem out.
import { ACCESS_TABLE_PRIVILEGES } from '../../shared/database/schema.js';
import { readDatabaseSettings, type DatabaseSettings } from '../../shared/database/settings.js';

export type WorkloadRole = keyof typeof ACCESS_TABLE_PRIVILEGES;
export type Privilege = (typeof ACCESS_TABLE_PRIVILEGES)[WorkloadRole][number];

/** One workload identity's database user and what it may do on the access table. */
export interface DatabaseUser {
  role: WorkloadRole;
  /** The user's name: the identity's name (its display name in Microsoft Entra ID). */
  name: string;
  /** Azure SQL only: the identity's object (principal) id, for `WITH OBJECT_ID`. */
  objectId?: string;
  /** Azure SQL only: the identity's client id, which Azure SQL stores as the user's SID. */
  clientId?: string;
  privileges: readonly Privilege[];
}

export interface MigrationSettings {
  database: DatabaseSettings;
  users: DatabaseUser[];
}

export type MigrationSettingsResult =
  { ok: true; settings: MigrationSettings } | { ok: false; problems: string[] };

/** Managed identity names: 3 to 128 letters, digits, hyphens and underscores (checked by ARM). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PREFIXES: Readonly<Record<WorkloadRole, string>> = { api: 'API', dashboard: 'DASHBOARD' };

/**
 * `<API|DASHBOARD>_IDENTITY_NAME` names each user (the dashboard's is optional: an environment
 * may have no dashboard); for Azure SQL, `_OBJECT_ID` and `_CLIENT_ID` must be GUIDs. Names and
 * ids end up in DDL, which takes no parameters, so anything else is refused here.
 */
export function readMigrationSettings(
  env: Record<string, string | undefined>,
): MigrationSettingsResult {
  const database = readDatabaseSettings(env);
  const problems = database.ok ? [] : [...database.problems];
  if (database.ok && !database.settings)
    problems.push('DATABASE_ENGINE (azuresql or postgres) is required');
  const engine = database.ok ? database.settings?.engine : undefined;
  const users = (Object.keys(PREFIXES) as WorkloadRole[]).flatMap((role) =>
    userOf(role, env, engine, problems),
  );
  if (!users.some((u) => u.role === 'api')) problems.push('API_IDENTITY_NAME is required');
  if (problems.length > 0 || !database.ok || !database.settings) return { ok: false, problems };
  return { ok: true, settings: { database: database.settings, users } };
}

function userOf(
  role: WorkloadRole,
  env: Record<string, string | undefined>,
  engine: DatabaseSettings['engine'] | undefined,
  problems: string[],
): DatabaseUser[] {
  const prefix = `${PREFIXES[role]}_IDENTITY`;
  const name = env[`${prefix}_NAME`];
  if (!name) return [];
  if (!NAME.test(name))
    problems.push(`${prefix}_NAME must be a managed identity name, got ${JSON.stringify(name)}`);
  const user: DatabaseUser = { role, name, privileges: ACCESS_TABLE_PRIVILEGES[role] };
  if (engine !== 'azuresql') return [user];
  for (const id of ['OBJECT_ID', 'CLIENT_ID'] as const) {
    const value = env[`${prefix}_${id}`];
    if (!value || !GUID.test(value))
      problems.push(`${prefix}_${id} must be a GUID, got ${JSON.stringify(value ?? '')}`);
  }
  return [
    {
      ...user,
      objectId: env[`${prefix}_OBJECT_ID`]?.toLowerCase(),
      clientId: env[`${prefix}_CLIENT_ID`]?.toLowerCase(),
    },
  ];
}

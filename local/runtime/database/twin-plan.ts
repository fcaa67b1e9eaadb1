// What the PostgreSQL twin should hold for the emulated Azure SQL resources, and the statements
// that take its catalog there. Pure: ARM records and a catalog in, data out.
//
// In Azure SQL the server's Microsoft Entra administrator is "the owner of the database" and the
// one who creates its first contained users (azure-sql/database/authentication-aad-overview.md,
// "Permissions"). The twin gives each database an owner role named after the administrator's
// `login`, with LOGIN (it connects, as the migration does) and CREATEROLE (the migration creates a
// role per workload identity, images/migrate/src/postgres.ts), and nothing more: no SUPERUSER.
import type { ArmRecord } from '../types.js';
import {
  databaseNameProblem,
  loginProblem,
  quoteIdentifier,
  serverNameProblem,
  twinDatabaseName,
} from './twin-names.js';

/** One database the twin should have, and the role that owns it. */
export interface TwinDatabase {
  /** The PostgreSQL database's name (twin-names.ts `twinDatabaseName`). */
  database: string;
  /** The server's Entra administrator `login`: the owning role. */
  owner: string;
  /** The `Microsoft.Sql/servers/databases` resource it stands in for. */
  id: string;
}

export interface DesiredTwin {
  databases: TwinDatabase[];
  /** One sentence per resource the twin cannot stand in for, naming it and what to change. */
  problems: string[];
  /**
   * Twin databases whose resource is still there but has a problem now (its server lost its
   * administrator): left as they are, never dropped for it.
   */
  kept: string[];
}

/** What the twin's catalog holds now (azure-sql-twin.ts reads it). */
export interface TwinCatalog {
  /** Every database but `postgres` and the templates: all of them are the twin's. */
  databases: { name: string; owner: string }[];
  /** The owner roles asked about, when they exist. */
  roles: { name: string; login: boolean; createRole: boolean }[];
}

/** A statement and the sentence the log gets when it ran. */
export interface TwinStep {
  statement: string;
  change: string;
}

const SERVERS = 'microsoft.sql/servers';
const DATABASES = 'microsoft.sql/servers/databases';
const DATABASE_ID = /\/providers\/Microsoft\.Sql\/servers\/([^/]+)\/databases\/([^/]+)$/i;

/** The Entra administrator's login, as the plan PUTs it (src/plan/database.ts), or a problem. */
function ownerOf(server: ArmRecord): { owner: string } | { problem: string } {
  const admin = server.properties.administrators as
    { administratorType?: unknown; login?: unknown } | undefined;
  if (admin?.administratorType !== 'ActiveDirectory' || typeof admin.login !== 'string') {
    return {
      problem: `SQL server ${server.name} has no Microsoft Entra administrator (properties.administrators); the local twin has no passwords, so its databases get no owner and are not created`,
    };
  }
  const problem = loginProblem(admin.login);
  return problem ? { problem: `SQL server ${server.name}: ${problem}` } : { owner: admin.login };
}

/**
 * Each `Microsoft.Sql/servers/databases` record whose server is present with an Entra
 * administrator, sorted by name; names outside Azure's rules are problems, never statements.
 */
export function desiredDatabases(records: readonly ArmRecord[]): DesiredTwin {
  const servers = new Map(
    records.filter((r) => r.type.toLowerCase() === SERVERS).map((r) => [r.id.toLowerCase(), r]),
  );
  const problems = new Set<string>();
  const kept = new Set<string>();
  const databases = new Map<string, TwinDatabase>();
  for (const record of records.filter((r) => r.type.toLowerCase() === DATABASES)) {
    const [, serverName = '', databaseName = ''] = DATABASE_ID.exec(record.id) ?? [];
    const server = servers.get(record.id.toLowerCase().replace(/\/databases\/[^/]+$/, ''));
    // A database whose server is not (or no longer) in the records: nothing to stand in for yet.
    if (!server) continue;
    const nameProblem = serverNameProblem(serverName) ?? databaseNameProblem(databaseName);
    if (nameProblem) {
      problems.add(nameProblem);
      continue;
    }
    const database = twinDatabaseName(serverName, databaseName);
    const owner = ownerOf(server);
    if ('problem' in owner) {
      problems.add(owner.problem);
      kept.add(database);
      continue;
    }
    databases.set(database, { database, owner: owner.owner, id: record.id });
  }
  return {
    databases: [...databases.values()].sort((a, b) => a.database.localeCompare(b.database)),
    problems: [...problems],
    kept: [...kept].sort(),
  };
}

function roleSteps(owners: readonly string[], catalog: TwinCatalog): TwinStep[] {
  return owners.flatMap((owner) => {
    const role = catalog.roles.find((r) => r.name === owner);
    if (!role) {
      return [
        {
          statement: `CREATE ROLE ${quoteIdentifier(owner)} LOGIN CREATEROLE`,
          change: `created role ${owner} (LOGIN CREATEROLE), the Entra administrator`,
        },
      ];
    }
    if (role.login && role.createRole) return [];
    return [
      {
        statement: `ALTER ROLE ${quoteIdentifier(owner)} LOGIN CREATEROLE`,
        change: `let role ${owner} log in and create roles`,
      },
    ];
  });
}

function databaseSteps(wanted: TwinDatabase, catalog: TwinCatalog): TwinStep[] {
  const name = quoteIdentifier(wanted.database);
  const owner = quoteIdentifier(wanted.owner);
  const existing = catalog.databases.find((d) => d.name === wanted.database);
  if (!existing) {
    return [
      {
        statement: `CREATE DATABASE ${name} OWNER ${owner}`,
        change: `created database ${wanted.database} owned by ${wanted.owner}`,
      },
    ];
  }
  if (existing.owner === wanted.owner) return [];
  return [
    {
      statement: `ALTER DATABASE ${name} OWNER TO ${owner}`,
      change: `gave database ${wanted.database} to ${wanted.owner} (was ${existing.owner})`,
    },
  ];
}

/**
 * The statements that make the catalog hold exactly the desired databases: owner roles first, then
 * databases created or handed to their owner, then databases whose Azure resource is gone dropped
 * (`WITH (FORCE)` ends their sessions, as deleting an Azure SQL database does). Roles are never
 * dropped: like Entra principals, they outlive a database. Empty when the twin is in step.
 */
export function twinSteps(
  twin: Pick<DesiredTwin, 'databases' | 'kept'>,
  catalog: TwinCatalog,
): TwinStep[] {
  const desired = twin.databases;
  const owners = [...new Set(desired.map((d) => d.owner))];
  const wanted = new Set([...desired.map((d) => d.database), ...twin.kept]);
  const gone = catalog.databases
    .filter((d) => !wanted.has(d.name))
    .map((d) => ({
      statement: `DROP DATABASE ${quoteIdentifier(d.name)} WITH (FORCE)`,
      change: `dropped database ${d.name}: its Azure SQL database is gone`,
    }));
  return [
    ...roleSteps(owners, catalog),
    ...desired.flatMap((d) => databaseSteps(d, catalog)),
    ...gone,
  ];
}

// The migrate container's entry: the only file that reads the environment or ends the process.
import { connect } from '../../../src/azure/connection.js';
import { readSettings } from '../../../src/settings.js';
import { azureSqlTarget, connectAzureSql } from './azure-sql.js';
import type { MigrationTarget } from './migration.js';
import { connectPostgres, postgresTarget } from './postgres.js';
import { runMigration } from './run.js';
import type { MigrationSettings } from './settings.js';

const env = process.env;

/** In Azure: DefaultAzureCredential, which picks the SQL administrator's identity from AZURE_CLIENT_ID. */
function azureCredential() {
  const settings = readSettings(env);
  if (!settings.ok)
    throw new Error(settings.problems.map((p) => `${p.path} ${p.message}`).join('; '));
  return connect(settings.settings).credential;
}

async function open({ database }: MigrationSettings): Promise<MigrationTarget> {
  if (database.engine === 'azuresql') {
    const where = `Azure SQL ${database.server}/${database.database}`;
    return azureSqlTarget(await connectAzureSql(database, azureCredential()), where);
  }
  const where = `PostgreSQL ${database.host}:${database.port}/${database.database}`;
  return postgresTarget(await connectPostgres(database), where);
}

process.exitCode = await runMigration(env, {
  open,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});

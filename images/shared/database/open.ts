// One WorkloadDatabase from the settings, whichever engine they name.
import type { TokenCredential } from '@azure/core-auth';
import { openAzureSqlDatabase } from './azure-sql.js';
import { openPostgresDatabase } from './postgres.js';
import type { DatabaseSettings } from './settings.js';
import type { WorkloadDatabase } from './workload-database.js';

export interface OpenOptions {
  /** Built only for Azure SQL: the managed identity's credential (src/azure/connection.ts). */
  azureCredential: () => TokenCredential;
  log?: (line: string) => void;
}

export function openWorkloadDatabase(
  settings: DatabaseSettings,
  options: OpenOptions,
): WorkloadDatabase {
  const log = options.log;
  switch (settings.engine) {
    case 'azuresql':
      return openAzureSqlDatabase(settings, {
        credential: options.azureCredential(),
        ...(log ? { log } : {}),
      });
    case 'postgres':
      return openPostgresDatabase(settings, log ? { log } : {});
  }
}

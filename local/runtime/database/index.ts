// The PostgreSQL twin of Azure SQL for the local runtime: the server (postgres-server.ts), the
// databases and owners that follow the emulated SQL resources (azure-sql-twin.ts), and each
// container's database settings moved from Azure SQL to the twin (container-database-env.ts).
export { postgresBinDir } from './postgres-cluster.js';
export {
  startPostgresServer,
  type AdminStatement,
  type PostgresExit,
  type PostgresServerHandle,
  type PostgresServerOptions,
  type SpawnProcess,
} from './postgres-server.js';
export {
  followAzureSqlTwin,
  syncAzureSqlTwin,
  type AzureSqlTwinFollower,
  type TwinAdmin,
  type TwinSyncReport,
} from './azure-sql-twin.js';
export { desiredDatabases, twinSteps, type TwinDatabase, type DesiredTwin } from './twin-plan.js';
export {
  containerDatabaseEnv,
  type DatabaseGroup,
  type TwinEndpoint,
} from './container-database-env.js';
export { twinDatabaseName } from './twin-names.js';

// Azure SQL Database over the private endpoint: mssql's pool over tedious, an Entra token of the
// group's managed identity (the server is Entra-only: no password exists), TLS with the server's
// certificate checked.
import type { TokenCredential } from '@azure/core-auth';
import mssql from 'mssql';
import { clientAddress, databaseError, oneRow } from './rows.js';
import { ACCESS_TABLE } from './schema.js';
import type { AzureSqlSettings } from './settings.js';
import type { AccessCount, AccessRecord, WorkloadDatabase } from './workload-database.js';

export interface AzureSqlOptions {
  credential: TokenCredential;
  /** Where a pool-level error goes (a connection that broke while idle); never a token. */
  log?: (line: string) => void;
  /** Connections kept at most; each api process needs few. */
  maxConnections?: number;
}

const CLIENT_ADDRESS = "CONVERT(varchar(48), CONNECTIONPROPERTY('client_net_address'))";

/** The pool's configuration: exported so a test can hold it to `encrypt` and a checked certificate. */
export function azureSqlPoolConfig(
  settings: AzureSqlSettings,
  options: AzureSqlOptions,
): mssql.config {
  return {
    server: settings.server,
    port: settings.port,
    database: settings.database,
    authentication: { type: 'token-credential', options: { credential: options.credential } },
    options: { encrypt: true, trustServerCertificate: false, appName: 'aci-vnet-sidecars' },
    connectionTimeout: 15_000,
    requestTimeout: 15_000,
    pool: { min: 0, max: options.maxConnections ?? 4, idleTimeoutMillis: 30_000 },
    // A socket check on checkout instead of mssql's default `SELECT 1` per request.
    validateConnection: 'socket',
  };
}

export function openAzureSqlDatabase(
  settings: AzureSqlSettings,
  options: AzureSqlOptions,
): WorkloadDatabase {
  const pool = new mssql.ConnectionPool(azureSqlPoolConfig(settings, options));
  const where = `SQL ${settings.server}/${settings.database}`;
  // mssql emits non-socket connection errors on the pool; unheard, they would end the process.
  pool.on('error', (error: Error) => options.log?.(`${where}: ${error.message}`));

  async function query<Row>(
    text: string,
    inputs: (request: mssql.Request) => mssql.Request = (r) => r,
  ): Promise<Row[]> {
    try {
      await pool.connect();
      const result = await inputs(pool.request()).query<Row>(text);
      return result.recordset;
    } catch (error) {
      throw databaseError(where, error);
    }
  }

  return {
    async version() {
      const rows = await query<{ version: string }>('SELECT @@VERSION AS version');
      return oneRow(rows, where).version;
    },
    async sourceIp() {
      const rows = await query<{ ip: string | null }>(`SELECT ${CLIENT_ADDRESS} AS ip`);
      return clientAddress(oneRow(rows, where).ip, where);
    },
    async recordAccess(containerGroup): Promise<AccessRecord> {
      const rows = await query<{ ip: string; at: Date }>(
        `INSERT INTO dbo.${ACCESS_TABLE} (source_ip, container_group, accessed_at)
OUTPUT inserted.source_ip AS ip, inserted.accessed_at AS at
VALUES (${CLIENT_ADDRESS}, @group, SYSUTCDATETIME())`,
        (r) => r.input('group', mssql.VarChar(63), containerGroup),
      );
      const row = oneRow(rows, where);
      return { sourceIp: row.ip, containerGroup, at: row.at };
    },
    async accessCounts(since): Promise<AccessCount[]> {
      const rows = await query<{ ip: string; grp: string; n: number }>(
        `SELECT source_ip AS ip, container_group AS grp, COUNT_BIG(*) AS n
FROM dbo.${ACCESS_TABLE} WHERE accessed_at >= @since
GROUP BY source_ip, container_group ORDER BY n DESC, ip, grp`,
        (r) => r.input('since', mssql.DateTime2(3), since),
      );
      return rows.map((r) => ({ sourceIp: r.ip, containerGroup: r.grp, count: Number(r.n) }));
    },
    close: () => pool.close(),
  };
}

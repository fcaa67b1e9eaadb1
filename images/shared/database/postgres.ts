// PostgreSQL, for running the workload on one machine: pg's pool, the client address from
// `inet_client_addr()`, and optionally a local source address per process, so that two api
// processes on 127.0.0.2 and 127.0.0.3 look to the database like two container groups.
import { Socket } from 'node:net';
import pg from 'pg';
import { clientAddress, databaseError, oneRow } from './rows.js';
import { ACCESS_TABLE } from './schema.js';
import type { PostgresSettings } from './settings.js';
import type { AccessCount, AccessRecord, WorkloadDatabase } from './workload-database.js';

export interface PostgresOptions {
  /** Where an idle client's error goes (the server went away); never a password. */
  log?: (line: string) => void;
  /** Connections kept at most. */
  maxConnections?: number;
}

/** `host()` drops the `/32` an inet value would print with. */
const CLIENT_ADDRESS = 'host(inet_client_addr())';

export function openPostgresDatabase(
  settings: PostgresSettings,
  options: PostgresOptions = {},
): WorkloadDatabase {
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    max: options.maxConnections ?? 4,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    query_timeout: 15_000,
    application_name: 'aci-vnet-sidecars',
    ...(settings.sourceAddress ? { stream: sourceBoundSocket(settings.sourceAddress) } : {}),
  });
  const where = `PostgreSQL ${settings.host}:${settings.port}/${settings.database}`;
  // An idle client whose server goes away is reported on the pool; unheard, it ends the process.
  pool.on('error', (error) => options.log?.(`${where}: ${error.message}`));

  async function query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
    try {
      return (await pool.query<Row>(text, values)).rows;
    } catch (error) {
      throw databaseError(where, error);
    }
  }

  return {
    async version() {
      return oneRow(await query<{ version: string }>('SELECT version() AS version'), where).version;
    },
    async sourceIp() {
      const row = oneRow(
        await query<{ ip: string | null }>(`SELECT ${CLIENT_ADDRESS} AS ip`),
        where,
      );
      return clientAddress(row.ip, where);
    },
    async recordAccess(containerGroup): Promise<AccessRecord> {
      const rows = await query<{ ip: string; at: Date }>(
        `INSERT INTO ${ACCESS_TABLE} (source_ip, container_group, accessed_at)
VALUES (inet_client_addr(), $1, now())
RETURNING host(source_ip) AS ip, accessed_at AS at`,
        [containerGroup],
      );
      const row = oneRow(rows, where);
      return { sourceIp: clientAddress(row.ip, where), containerGroup, at: row.at };
    },
    async accessCounts(since): Promise<AccessCount[]> {
      const rows = await query<{ ip: string; grp: string; n: string }>(
        `SELECT host(source_ip) AS ip, container_group AS grp, count(*) AS n
FROM ${ACCESS_TABLE} WHERE accessed_at >= $1
GROUP BY source_ip, container_group ORDER BY n DESC, ip, grp`,
        [since],
      );
      return rows.map((r) => ({ sourceIp: r.ip, containerGroup: r.grp, count: Number(r.n) }));
    },
    close: () => pool.end(),
  };
}

/**
 * A socket factory for pg's `stream` option (a factory since node-postgres PR #2898, so that each
 * pooled client gets its own socket). pg calls `stream.connect(port, host)`
 * (pg/lib/connection.js), and net.Socket takes a `localAddress` only in the options form, so this
 * socket's `connect` forwards to that form with the address bound.
 */
export function sourceBoundSocket(localAddress: string): () => Socket {
  return () => {
    const socket = new Socket();
    const connect = socket.connect.bind(socket);
    socket.connect = ((port: number, host: string) =>
      connect({ port, host, localAddress })) as typeof socket.connect;
    return socket;
  };
}

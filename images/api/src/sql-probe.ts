import type { TokenCredential } from '@azure/core-auth';
import { Connection, Request } from 'tedious';
import type { DatabaseProbe } from './app.js';

export interface SqlTarget {
  /** `<server>.database.windows.net`; inside the VNet it resolves to the private endpoint. */
  server: string;
  database: string;
  credential: TokenCredential;
  /** 1433 unless told otherwise. */
  port?: number;
}

const QUERY = 'SELECT DB_NAME() AS db, CONVERT(varchar(33), SYSUTCDATETIME(), 127) AS now';

/**
 * Connects with an Entra token of the managed identity (no password exists: the server is
 * Entra-only), runs one read-only query and closes. A connection per probe keeps the API stateless;
 * an app with real traffic would pool connections.
 */
export function sqlProbe(target: SqlTarget): DatabaseProbe {
  return () =>
    new Promise((resolve, reject) => {
      const connection = new Connection({
        server: target.server,
        authentication: { type: 'token-credential', options: { credential: target.credential } },
        options: {
          database: target.database,
          encrypt: true,
          port: target.port ?? 1433,
          connectTimeout: 15_000,
          requestTimeout: 15_000,
        },
      });
      const fail = (error: Error) => {
        connection.close();
        reject(new Error(`SQL ${target.server}/${target.database}: ${error.message}`));
      };
      connection.connect((error) => {
        if (error) return fail(error);
        const row: Record<string, unknown> = {};
        const request = new Request(QUERY, (queryError) => {
          if (queryError) return fail(queryError);
          connection.close();
          resolve({ database: String(row.db), serverTime: String(row.now) });
        });
        request.on('row', (columns: { metadata: { colName: string }; value: unknown }[]) => {
          for (const c of columns) row[c.metadata.colName] = c.value;
        });
        connection.execSql(request);
      });
    });
}

// The original sample's SQL endpoints, with its response shapes (`sql_output`, `srciplog`), over
// the pooled WorkloadDatabase instead of a connection and a password per request.
import { json } from '../../shared/fetch-app.js';
import type { WorkloadDatabase } from '../../shared/database/workload-database.js';
import type { ApiAppInput } from './types.js';

/** `{"sql_output": "<SELECT @@VERSION / version()>"}` */
export function sqlVersion(input: ApiAppInput): Promise<Response> {
  return withDatabase(input, '/api/sqlversion', async (db) => ({ sql_output: await db.version() }));
}

/** `{"sql_output": "<the client address the database sees>"}` */
export function sqlSourceIp(input: ApiAppInput): Promise<Response> {
  return withDatabase(input, '/api/sqlsrcip', async (db) => ({ sql_output: await db.sourceIp() }));
}

/** Records one access and answers `{"srciplog": {"ip", "timestamp", "container_group"}}`. */
export function sqlSourceIpLog(input: ApiAppInput): Promise<Response> {
  return withDatabase(input, '/api/sqlsrciplog', async (db) => {
    const instance = input.instance();
    const access = await db.recordAccess(instance.containerGroup ?? instance.hostname);
    return {
      srciplog: {
        ip: access.sourceIp,
        timestamp: access.at.toISOString(),
        container_group: access.containerGroup,
      },
    };
  });
}

/** 503 with a generic body when the database is absent or fails; the reason goes to the log. */
async function withDatabase(
  input: ApiAppInput,
  route: string,
  answer: (db: WorkloadDatabase) => Promise<unknown>,
): Promise<Response> {
  if (!input.database) {
    input.log?.(`api: ${route}: no database configured (set DATABASE_ENGINE)`);
    return unavailable();
  }
  try {
    return json(await answer(input.database));
  } catch (error) {
    input.log?.(`api: ${route} failed: ${error instanceof Error ? error.message : String(error)}`);
    return unavailable();
  }
}

function unavailable(): Response {
  return json({ error: 'database unavailable' }, 503);
}

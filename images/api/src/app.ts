import { json, onlyGet, pathOf, type FetchApp } from '../../shared/fetch-app.js';

/** Who answered: the gateway spreads requests over groups, and this says which one it was. */
export interface InstanceInfo {
  /** Container group name, when the environment gives it (`CONTAINER_GROUP_NAME`). */
  group: string | null;
  hostname: string;
  ip: string | null;
  database: { server: string; name: string } | null;
}

/** One round trip to the database with the managed identity; what it answered. */
export type DatabaseProbe = () => Promise<{ database: string; serverTime: string }>;

export interface ApiAppInput {
  info: () => InstanceInfo;
  /** Absent when no SQL server is configured. */
  probeDatabase?: DatabaseProbe;
  log?: (line: string) => void;
}

/** The api container: a JSON API under `/api/` (nginx forwards `/api/` here unchanged). */
export function createApiApp(input: ApiAppInput): FetchApp {
  const routes = new Map<string, () => Promise<Response>>([
    // The gateway's health probe: answers without touching the database, so a database outage
    // does not take every group out of the backend pool.
    ['/api/healthcheck', () => Promise.resolve(json({ status: 'ok' }))],
    ['/api/info', () => Promise.resolve(json(input.info()))],
    ['/api/db', () => database(input)],
  ]);
  return {
    fetch(request) {
      const path = pathOf(request);
      const route = routes.get(path);
      if (!route) return Promise.resolve(json({ error: 'not found', path }, 404));
      return Promise.resolve(onlyGet(request) ?? route());
    },
  };
}

async function database(input: ApiAppInput): Promise<Response> {
  if (!input.probeDatabase) {
    return json({ status: 'unconfigured', message: 'SQL_SERVER_FQDN is not set' }, 503);
  }
  try {
    return json({ status: 'ok', ...(await input.probeDatabase()) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    input.log?.(`api: database probe failed: ${message}`);
    return json({ status: 'error', message }, 503);
  }
}

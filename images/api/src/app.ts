import { json, onlyGet, pathOf, type FetchApp } from '../../shared/fetch-app.js';
import { dnsLookup } from './dns-route.js';
import { ipInfo } from './ip-route.js';
import { sqlSourceIp, sqlSourceIpLog, sqlVersion } from './sql-routes.js';
import type { ApiAppInput } from './types.js';

export type { ApiAppInput, Instance, ResolveIpv4 } from './types.js';

/** The version of this API's contract, in /api/healthcheck as the original sample's `version`. */
export const API_VERSION = '2.0';

type Route = (request: Request, input: ApiAppInput) => Response | Promise<Response>;

/** Endpoint names and answer shapes of the original sample's API (images/api/README.md). */
const ROUTES = new Map<string, Route>([
  // The gateway's health probe: never touches the database, so a database outage does not take
  // every group out of the backend pool, and a probe opens no SQL connection.
  ['/api/healthcheck', () => json({ health: 'OK', version: API_VERSION })],
  ['/api/sqlversion', (_, input) => sqlVersion(input)],
  ['/api/sqlsrcip', (_, input) => sqlSourceIp(input)],
  ['/api/sqlsrciplog', (_, input) => sqlSourceIpLog(input)],
  ['/api/ip', ipInfo],
  ['/api/dns', dnsLookup],
]);

/** The api container: a JSON API under `/api/` (nginx forwards `/api/` here unchanged). */
export function createApiApp(input: ApiAppInput): FetchApp {
  return {
    async fetch(request) {
      const path = pathOf(request);
      const route = ROUTES.get(path);
      if (!route) return json({ error: 'not found', path }, 404);
      return onlyGet(request) ?? (await route(request, input));
    },
  };
}

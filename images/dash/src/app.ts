import { json, onlyGet, pathOf, text, type FetchApp } from '../../shared/fetch-app.js';
import type { GroupStatus } from './group-status.js';
import { renderPage } from './page.js';

export interface DashboardAppInput {
  environment: string;
  readGroups: () => Promise<GroupStatus[]>;
  now: () => Date;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * The dashboard container: `/` is an HTML table of the environment's container groups,
 * `/groups.json` the same data for scripts, `/healthz` a liveness answer that reads nothing.
 */
export function createDashboardApp(input: DashboardAppInput): FetchApp {
  return {
    async fetch(request) {
      const refused = onlyGet(request);
      if (refused) return refused;
      switch (pathOf(request)) {
        case '/healthz':
          return text('ok\n');
        case '/':
          return new Response(
            renderPage(input.environment, await input.readGroups(), input.now()),
            {
              headers: PAGE_HEADERS,
            },
          );
        case '/groups.json':
          return json({ environment: input.environment, groups: await input.readGroups() });
        default:
          return text('not found\n', 404);
      }
    },
  };
}

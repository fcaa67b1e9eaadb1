import type { WorkloadDatabase } from '../../shared/database/workload-database.js';
import { json, onlyGet, pathOf, text, type FetchApp } from '../../shared/fetch-app.js';
import { readAccesses } from './access-feed.js';
import { cached } from './cached.js';
import { CERTIFICATE_NOT_CONFIGURED, type CertificateExpiry } from './certificate-expiry.js';
import type { AccessView } from './chart-html.js';
import { eventStream, EVENT_STREAM_HEADERS, type ServerSentEvent } from './event-stream.js';
import type { GroupStatus } from './group-status.js';
import { renderPage } from './page.js';

export interface DashboardAppInput {
  environment: string;
  readGroups: () => Promise<GroupStatus[]>;
  now: () => Date;
  /** The access table, read as the dashboard's own user; absent, the page says none is configured. */
  database?: Pick<WorkloadDatabase, 'accessCounts'>;
  /** The certificate's expiry; absent, the page says it is not configured. */
  readCertificate?: () => Promise<CertificateExpiry>;
  /** public/dashboard.js, served at SCRIPT_PATH; absent, the page is a snapshot. */
  clientScript?: string;
  /** How often a stream sends the chart; 1 s keeps the chart within 2 s of the table. */
  liveIntervalMs?: number;
  log?: (line: string) => void;
}

export const SCRIPT_PATH = '/dashboard.js';
export const LIVE_INTERVAL_MS = 1000;
/**
 * ARM is read at most every 15 s, however many pages are open: group states change slowly, and
 * ARM throttles reads per principal and subscription
 * (articles/azure-resource-manager/management/request-limits-and-throttling.md).
 */
export const GROUPS_TTL_MS = 15_000;
/**
 * The expiry changes only with a renewal, weeks apart; an unread one is tried again sooner (a new
 * role assignment takes up to 10 minutes to apply, articles/role-based-access-control/
 * troubleshooting.md).
 */
export const CERTIFICATE_TTL_MS = { read: 10 * 60_000, unknown: 60_000 };

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
};

const NO_DATABASE = 'no database is configured (DATABASE_ENGINE is not set)';

interface GroupsRead {
  at: Date;
  groups: GroupStatus[];
}

/**
 * The dashboard container: `/` is the page, `/api/accesses` the chart's data as JSON,
 * `/api/accesses/stream` the same as server-sent events (one `accesses` event a second, a
 * `groups` event when the groups change), `/groups.json` the groups, `/healthz` a liveness answer
 * that reads nothing. Each source is read once per interval, however many pages are open.
 */
export function createDashboardApp(input: DashboardAppInput): FetchApp {
  const log = input.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const intervalMs = input.liveIntervalMs ?? LIVE_INTERVAL_MS;
  const groups = cached(
    async (): Promise<GroupsRead> => ({ at: input.now(), groups: await input.readGroups() }),
    GROUPS_TTL_MS,
    input.now,
  );
  const database = input.database;
  const accesses: () => Promise<AccessView> = database
    ? cached(
        () =>
          readAccesses({
            database,
            groups: async () => (await groups()).groups,
            now: input.now,
            log,
          }),
        intervalMs / 2,
        input.now,
      )
    : () => Promise.resolve({ ok: false, reason: NO_DATABASE });
  const certificate = input.readCertificate
    ? cached(
        input.readCertificate,
        (c) => (c.state === 'unknown' ? CERTIFICATE_TTL_MS.unknown : CERTIFICATE_TTL_MS.read),
        input.now,
      )
    : () => Promise.resolve(CERTIFICATE_NOT_CONFIGURED);

  function stream(request: Request): Response {
    if (request.method === 'HEAD') return new Response(null, { headers: EVENT_STREAM_HEADERS });
    let sentGroups = '';
    return eventStream({
      intervalMs,
      retryMs: intervalMs,
      log,
      async tick() {
        const [view, read] = await Promise.all([accesses(), groups()]);
        const events: ServerSentEvent[] = [
          view.ok
            ? { event: 'accesses', data: view.snapshot }
            : { event: 'unavailable', data: { error: view.reason } },
        ];
        const groupsJson = JSON.stringify(read.groups);
        if (groupsJson !== sentGroups) {
          sentGroups = groupsJson;
          events.push({
            event: 'groups',
            data: { at: read.at.toISOString(), groups: read.groups },
          });
        }
        return events;
      },
    });
  }

  async function page(): Promise<Response> {
    const [read, view, cert] = await Promise.all([groups(), accesses(), certificate()]);
    const html = renderPage(input.environment, read.groups, read.at, {
      accesses: view,
      certificate: cert,
      ...(input.clientScript ? { scriptPath: SCRIPT_PATH } : {}),
    });
    return new Response(html, { headers: PAGE_HEADERS });
  }

  return {
    async fetch(request) {
      const refused = onlyGet(request);
      if (refused) return refused;
      switch (pathOf(request)) {
        case '/healthz':
          return text('ok\n');
        case '/':
          return page();
        case '/groups.json':
          return json({ environment: input.environment, groups: (await groups()).groups });
        case '/api/accesses': {
          const view = await accesses();
          return view.ok ? json(view.snapshot) : json({ error: view.reason }, 503);
        }
        case '/api/accesses/stream':
          return stream(request);
        case SCRIPT_PATH:
          if (!input.clientScript) return text('not found\n', 404);
          return new Response(input.clientScript, {
            headers: {
              'content-type': 'text/javascript; charset=utf-8',
              'cache-control': 'no-cache',
            },
          });
        default:
          return text('not found\n', 404);
      }
    },
  };
}

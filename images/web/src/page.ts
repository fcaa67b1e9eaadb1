// The home page, rendered on the server from one visit's answers: no script, every value escaped.
import { escapeHtml } from './html.js';
import type { Shown, Visit } from './visit.js';

/** Where this page was served from, as the web container knows it. */
export interface ServedBy {
  /** `CONTAINER_GROUP_NAME` of the web container, null when unset. */
  containerGroup: string | null;
}

/** The API's endpoints, linked as the original sample's page linked them, through the sidecar. */
const API_LINKS: [path: string, label: string][] = [
  ['/api/healthcheck', 'API health'],
  ['/api/sqlversion', 'Database version'],
  ['/api/sqlsrcip', 'Source IP the database sees'],
  ['/api/sqlsrciplog', 'Record one more access'],
  ['/api/ip', 'API connectivity information'],
];

type Cell = { text: string; pre?: boolean; time?: boolean } | { unavailable: string };

function cell<T>(shown: Shown<T>, pick: (value: T) => string | null, pre = false): Cell {
  if (!shown.ok) return { unavailable: shown.reason };
  const value = pick(shown.value);
  return value === null || value === '' ? { unavailable: 'not reported' } : { text: value, pre };
}

function dd(c: Cell): string {
  if ('unavailable' in c)
    return `<dd class="unavailable">unavailable: ${escapeHtml(c.unavailable)}</dd>`;
  const value = escapeHtml(c.text);
  if (c.pre) return `<dd><pre>${value}</pre></dd>`;
  if (c.time) return `<dd><time datetime="${value}">${value}</time></dd>`;
  return `<dd>${value}</dd>`;
}

function list(id: string, rows: [string, Cell][]): string {
  const items = rows.map(([term, c]) => `<dt>${escapeHtml(term)}</dt>\n${dd(c)}`);
  return `<dl id="${id}">\n${items.join('\n')}\n</dl>`;
}

function groupOf(visit: Visit, servedBy: ServedBy): Cell {
  const group =
    servedBy.containerGroup ?? (visit.instance.ok ? visit.instance.value.containerGroup : null);
  return group ? { text: group } : { unavailable: 'CONTAINER_GROUP_NAME is not set' };
}

function accessedAt(visit: Visit): Cell {
  const c = cell(visit.access, (a) => a.at);
  return 'text' in c ? { ...c, time: true } : c;
}

/** The whole page for one visit. Deterministic: the same visit gives the same bytes. */
export function renderHomePage(visit: Visit, servedBy: ServedBy): string {
  const served = list('served-by', [
    ['Container group', groupOf(visit, servedBy)],
    ['Private IP', cell(visit.instance, (i) => i.privateIp)],
    ['Host name', cell(visit.instance, (i) => i.hostname)],
    ['Request X-Forwarded-For', cell(visit.instance, (i) => i.forwardedFor)],
    ['Request Host', cell(visit.instance, (i) => i.host)],
  ]);
  const database = list('database', [
    ['Source IP the database saw', cell(visit.access, (a) => a.sourceIp)],
    ['Access recorded at', accessedAt(visit)],
    ['Database version', cell(visit.databaseVersion, (v) => v, true)],
    ['API health', cell(visit.health, (h) => h)],
  ]);
  const links = API_LINKS.map(
    ([path, label]) => `<li><a href="${path}">${escapeHtml(label)}</a> <code>${path}</code></li>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aci-vnet-sidecars</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<main>
<h1>aci-vnet-sidecars</h1>
<p>This page came from the <strong>web</strong> container of one Azure Container Instances group,
through the group's nginx TLS sidecar, behind Application Gateway. The web container asked the
<strong>api</strong> container of the same group, which asked Azure SQL over its private endpoint.
Reload to see the gateway spread requests over the groups: each visit records one access, and the
dashboard charts the accesses per source IP.</p>
<h2>Served by</h2>
${served}
<h2>What the database saw</h2>
${database}
<h2>The API directly</h2>
<ul id="api-links">
${links}
</ul>
</main>
</body>
</html>
`;
}

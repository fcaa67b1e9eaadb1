import { renderArchitecture } from './architecture-svg.js';
import type { CertificateExpiry } from './certificate-expiry.js';
import { renderAccessChart, type AccessView } from './chart-html.js';
import type { GroupStatus } from './group-status.js';
import { escapeHtml } from './html.js';
import { PAGE_STYLE } from './page-style.js';

export { escapeHtml };

/** What the page shows beside the groups, each read by the app before rendering. */
export interface PageParts {
  accesses: AccessView;
  certificate: CertificateExpiry;
  /** Path of the script that keeps the page live; without it the page is a snapshot. */
  scriptPath?: string;
}

const NOT_READ: PageParts = {
  accesses: { ok: false, reason: 'no database is configured' },
  certificate: { state: 'unknown', name: '—', reason: 'not configured' },
};

/** Column headings; `Error` only while a group has one, so the table fits a phone. */
const COLUMNS = ['Container group', 'State', 'Private IP', 'Restarts'];

function row(group: GroupStatus, withErrors: boolean): string {
  const cells = [group.name, group.state, group.ip ?? '—', String(group.restartCount)];
  if (withErrors) cells.push(group.error ?? '');
  const state = group.state.toLowerCase().replace(/[^a-z]/g, '');
  return `<tr class="${state}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

function groupsSection(groups: GroupStatus[], at: Date): string {
  const withErrors = groups.some((g) => g.error);
  const headings = withErrors ? [...COLUMNS, 'Error'] : COLUMNS;
  return `<section class="panel" aria-labelledby="groups-title">
<h2 id="groups-title">Container groups</h2>
<div class="table-wrap">
<table>
<caption>State, private IP and restarts, from Azure Resource Manager</caption>
<thead><tr id="groups-head">${headings.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>
<tbody id="groups">
${groups.map((g) => row(g, withErrors)).join('\n')}
</tbody>
</table>
</div>
<p class="muted" id="groups-at">Read from Azure Resource Manager at <time datetime="${escapeHtml(at.toISOString())}">${escapeHtml(at.toISOString())}</time>.</p>
</section>`;
}

function certificateFacts(c: CertificateExpiry): [string, string][] {
  if (c.state === 'unknown')
    return [
      ['Certificate', c.name],
      ['Expires', `unknown: ${c.reason}`],
    ];
  const left =
    c.state === 'expired'
      ? `expired ${-c.daysLeft} days ago; renew it`
      : `${c.daysLeft} days left${c.state === 'expiring' ? ': renewal is due' : ''}`;
  return [
    ['Certificate', c.name],
    ['Version', c.version],
    ['Expires', c.expiresOn],
    ['Status', left],
  ];
}

function certificateSection(c: CertificateExpiry): string {
  const facts = certificateFacts(c)
    .map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return `<section class="panel" aria-labelledby="certificate-title">
<h2 id="certificate-title">TLS certificate</h2>
<dl class="cert-${c.state}">${facts}</dl>
<p class="muted">From the attributes of the certificate’s Key Vault secret, which the dashboard’s identity may read (Key Vault Secrets User on that secret only).</p>
</section>`;
}

function architectureSection(groups: GroupStatus[]): string {
  return `<section class="panel wide" aria-labelledby="architecture-title">
<h2 id="architecture-title">Architecture</h2>
<figure>
<div class="diagram">${renderArchitecture(groups)}</div>
<figcaption>Browser → Application Gateway → nginx sidecar of each container group (VNet) → web and api; api → private endpoint → Azure SQL. Key Vault holds the certificate; the Functions app deploys and keeps DNS and gateway pools current.</figcaption>
</figure>
</section>`;
}

/**
 * The dashboard page: the live access chart, the groups, the certificate's expiry and the
 * architecture. Every value is escaped. Without `parts` it shows the groups alone.
 */
export function renderPage(
  environment: string,
  groups: GroupStatus[],
  at: Date,
  parts: PageParts = NOT_READ,
): string {
  const title = `aci-vnet-sidecars · ${escapeHtml(environment)}`;
  const script = parts.scriptPath
    ? `<script src="${escapeHtml(parts.scriptPath)}" defer></script>\n`
    : '';
  const live = parts.scriptPath
    ? 'Connecting for live updates…'
    : 'A snapshot: reload the page to update it.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${PAGE_STYLE}</style>
${script}</head>
<body>
<header>
<h1>${title}</h1>
<p id="live-status" class="muted" role="status">${live}</p>
</header>
<main class="grid">
${renderAccessChart(parts.accesses)}
${groupsSection(groups, at)}
${certificateSection(parts.certificate)}
${architectureSection(groups)}
</main>
</body>
</html>
`;
}

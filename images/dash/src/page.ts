import type { GroupStatus } from './group-status.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function row(group: GroupStatus): string {
  const cells = [
    group.name,
    group.state,
    group.ip ?? '—',
    String(group.restartCount),
    group.error ?? '',
  ];
  const state = group.state.toLowerCase().replace(/[^a-z]/g, '');
  return `<tr class="${state}">${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}',
  'table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #d0d7de;text-align:left}',
  'tr.running td:nth-child(2){color:#1a7f37}tr.unreadable td,tr.notfound td,tr.stopped td:nth-child(2){color:#cf222e}',
].join('');

/** The dashboard page: one table row per container group. Every value is escaped. */
export function renderPage(environment: string, groups: GroupStatus[], at: Date): string {
  const title = `aci-vnet-sidecars · ${escapeHtml(environment)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="30">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<table>
<thead><tr><th>Container group</th><th>State</th><th>Private IP</th><th>Restarts</th><th>Error</th></tr></thead>
<tbody>
${groups.map(row).join('\n')}
</tbody>
</table>
<p>Read from Azure Resource Manager at ${escapeHtml(at.toISOString())}; refreshes every 30 s.</p>
</body>
</html>
`;
}

// The access chart as the page first shows it: one row per source IP, its label and count as text
// (readable on a phone and by a screen reader), its bar as inline SVG. public/dashboard.js redraws
// the same markup from each `accesses` event.
import type { AccessBar, AccessSnapshot } from './access-chart.js';
import { escapeHtml } from './html.js';

/** The chart's data, or why there is none. */
export type AccessView = { ok: true; snapshot: AccessSnapshot } | { ok: false; reason: string };

/** Width of a bar in percent of the longest; a bar with accesses stays visible. */
export function barWidth(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.round((count / max) * 1000) / 10);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function windowText(seconds: number): string {
  return seconds % 60 === 0 ? plural(seconds / 60, 'minute', 'minutes') : `${seconds} s`;
}

/** The sentence above the bars; screen readers hear it when it changes (aria-live). */
export function chartSummary(view: AccessView): string {
  if (!view.ok) return `Access data unavailable: ${view.reason}.`;
  const { total, bars, otherSources, windowSeconds } = view.snapshot;
  const sources = bars.length + otherSources;
  return `${plural(total, 'access', 'accesses')} from ${plural(sources, 'source IP', 'source IPs')} in the last ${windowText(windowSeconds)}.`;
}

function bar(b: AccessBar, max: number): string {
  const recorded = b.labelFrom === 'access-log' ? '<span class="note"> · recorded</span>' : '';
  return `<li class="bar" data-source-ip="${escapeHtml(b.sourceIp)}" data-count="${b.count}">
<span class="who"><span class="group">${escapeHtml(b.containerGroup)}</span>${recorded} <span class="ip">${escapeHtml(b.sourceIp)}</span></span>
<svg class="track" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="${barWidth(b.count, max)}" height="12" rx="1"></rect></svg>
<span class="count">${b.count}<span class="visually-hidden"> ${b.count === 1 ? 'access' : 'accesses'}</span></span>
</li>`;
}

function rows(view: AccessView): string {
  if (!view.ok) return '';
  const { bars, windowSeconds } = view.snapshot;
  if (bars.length === 0) {
    return `<li class="empty">No accesses in the last ${windowText(windowSeconds)}. Each visit of the web page records one.</li>`;
  }
  const max = Math.max(...bars.map((b) => b.count));
  return bars.map((b) => bar(b, max)).join('\n');
}

export function renderAccessChart(view: AccessView): string {
  const seconds = view.ok ? view.snapshot.windowSeconds : 0;
  return `<section class="panel chart" aria-labelledby="chart-title">
<h2 id="chart-title">SQL accesses per source IP</h2>
<p class="hint">The client address the database saw for each recorded access, over a sliding window, updated every second. Each bar carries the container group that holds that private IP in Azure; “recorded” marks a name taken from the access rows because no group holds that IP now.</p>
<p id="chart-summary" aria-live="polite">${escapeHtml(chartSummary(view))}</p>
<ol id="chart" class="bars" aria-labelledby="chart-title" data-window-seconds="${seconds}">
${rows(view)}
</ol>
<p class="muted" id="chart-at">${view.ok ? `Read from the database at <time datetime="${escapeHtml(view.snapshot.at)}">${escapeHtml(view.snapshot.at)}</time>.` : ''}</p>
</section>`;
}

/* global document, EventSource */
// Keeps the dashboard live: the chart from each `accesses` event of /api/accesses/stream (one a
// second), the groups table from each `groups` event. When no event arrives for 3 s (a proxy that
// buffers the stream, or a lost connection) it polls /api/accesses instead until events return.
// Builds every node with textContent: no server value is ever parsed as HTML. The markup matches
// images/dash/src/chart-html.ts and page.ts, which render the first view.
const SVG = 'http://www.w3.org/2000/svg';
const STALE_MS = 3000;
const POLL_MS = 1000;
const GROUPS_POLL_MS = 15000;

const chart = document.getElementById('chart');
const summary = document.getElementById('chart-summary');
const chartAt = document.getElementById('chart-at');
const groupsHead = document.getElementById('groups-head');
const groupsBody = document.getElementById('groups');
const groupsAt = document.getElementById('groups-at');
const liveStatus = document.getElementById('live-status');

// The page itself is fresh: the stream has STALE_MS to deliver its first event.
let lastEvent = Date.now();
let polling;
let groupsPolling;

function el(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setText(node, text) {
  // Unchanged text is not rewritten, so aria-live regions speak only when something changed.
  if (node && node.textContent !== text) node.textContent = text;
}

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const windowText = (s) => (s % 60 === 0 ? plural(s / 60, 'minute', 'minutes') : `${s} s`);
const barWidth = (count, max) =>
  count <= 0 || max <= 0 ? 0 : Math.max(1, Math.round((count / max) * 1000) / 10);

function barItem(bar, max) {
  const item = el('li', 'bar');
  item.dataset.sourceIp = bar.sourceIp;
  item.dataset.count = String(bar.count);
  const who = el('span', 'who');
  who.append(el('span', 'group', bar.containerGroup));
  if (bar.labelFrom === 'access-log') who.append(el('span', 'note', ' · recorded'));
  who.append(' ', el('span', 'ip', bar.sourceIp));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'track');
  svg.setAttribute('viewBox', '0 0 100 12');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const rect = document.createElementNS(SVG, 'rect');
  rect.setAttribute('width', String(barWidth(bar.count, max)));
  rect.setAttribute('height', '12');
  rect.setAttribute('rx', '1');
  svg.append(rect);
  const count = el('span', 'count', String(bar.count));
  count.append(el('span', 'visually-hidden', bar.count === 1 ? ' access' : ' accesses'));
  item.append(who, svg, count);
  return item;
}

function showAccesses(snapshot) {
  const { bars, total, otherSources, windowSeconds, at } = snapshot;
  const max = Math.max(0, ...bars.map((b) => b.count));
  const items = bars.length
    ? bars.map((b) => barItem(b, max))
    : [
        el(
          'li',
          'empty',
          `No accesses in the last ${windowText(windowSeconds)}. Each visit of the web page records one.`,
        ),
      ];
  chart.replaceChildren(...items);
  chart.dataset.windowSeconds = String(windowSeconds);
  const sources = bars.length + otherSources;
  setText(
    summary,
    `${plural(total, 'access', 'accesses')} from ${plural(sources, 'source IP', 'source IPs')} in the last ${windowText(windowSeconds)}.`,
  );
  setText(chartAt, `Read from the database at ${new Date(at).toLocaleTimeString()}.`);
}

function showUnavailable(body) {
  setText(summary, `Access data unavailable: ${body.error}.`);
}

function showGroups(body) {
  // The Error column only while a group has one, as page.ts renders it.
  const withErrors = body.groups.some((g) => g.error);
  const headings = ['Container group', 'State', 'Private IP', 'Restarts'];
  if (withErrors) headings.push('Error');
  groupsHead.replaceChildren(
    ...headings.map((h) => {
      const th = el('th', '', h);
      th.scope = 'col';
      return th;
    }),
  );
  const rows = body.groups.map((g) => {
    const row = el('tr', g.state.toLowerCase().replace(/[^a-z]/g, ''));
    const cells = [g.name, g.state, g.ip ?? '—', String(g.restartCount)];
    if (withErrors) cells.push(g.error ?? '');
    for (const cell of cells) row.append(el('td', '', cell));
    return row;
  });
  groupsBody.replaceChildren(...rows);
  if (body.at) {
    setText(
      groupsAt,
      `Read from Azure Resource Manager at ${new Date(body.at).toLocaleTimeString()}.`,
    );
  }
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body;
}

function stopPolling() {
  clearInterval(polling);
  clearInterval(groupsPolling);
  polling = undefined;
  groupsPolling = undefined;
}

function startPolling() {
  if (polling) return;
  setText(liveStatus, 'Live stream not arriving: polling every second.');
  const poll = () =>
    getJson('/api/accesses').then(showAccesses, (e) => showUnavailable({ error: e.message }));
  const pollGroups = () => getJson('/groups.json').then(showGroups, () => undefined);
  polling = setInterval(poll, POLL_MS);
  groupsPolling = setInterval(pollGroups, GROUPS_POLL_MS);
  void poll();
}

function onEvent(show) {
  return (message) => {
    lastEvent = Date.now();
    stopPolling();
    setText(liveStatus, 'Live: the chart updates every second.');
    show(JSON.parse(message.data));
  };
}

const stream = new EventSource('/api/accesses/stream');
stream.addEventListener('accesses', onEvent(showAccesses));
stream.addEventListener('unavailable', onEvent(showUnavailable));
stream.addEventListener('groups', (message) => showGroups(JSON.parse(message.data)));
stream.addEventListener('error', () => setText(liveStatus, 'Connection lost: reconnecting…'));
setInterval(() => {
  if (Date.now() - lastEvent > STALE_MS) startPolling();
}, STALE_MS / 3);

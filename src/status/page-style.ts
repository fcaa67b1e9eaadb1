// The page's stylesheet (inline, allowed by its hash in the Content-Security-Policy). States carry
// a symbol and a word besides their colour; everything wraps, so a 390 px phone never scrolls sideways.
export const PAGE_STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #fff;
  --ok: #116329; --bad: #a40e26; --run: #0550ae; --wait: #7d4e00; --bar: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); overflow-wrap: anywhere; }
header, main { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem; }
h1 { font-size: 1.5rem; margin: 0.25rem 0; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 0.5rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0.25rem 0; }
.meta, #updated { color: var(--muted); font-size: 0.9rem; }
#progress:empty { display: none; }
#progress { margin: 0.5rem 0; padding: 0.5rem 0.75rem; border-left: 4px solid var(--run); background: #f6f8fa; }
.state { font-weight: 600; white-space: nowrap; }
.state-ok { color: var(--ok); } .state-bad { color: var(--bad); }
.state-run { color: var(--run); } .state-wait { color: var(--wait); }
.error { color: var(--bad); }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.25rem 0 0.75rem; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.4rem; border-bottom: 1px solid var(--line); }
th { font-size: 0.85rem; color: var(--muted); }
tbody th { font-size: inherit; color: var(--fg); font-weight: 600; }
ol.timeline { list-style: none; margin: 0; padding: 0; }
ol.timeline li { display: grid; grid-template-columns: minmax(7rem, 12rem) minmax(0, 1fr) 5.5rem;
  grid-template-areas: "name track time" "state state state" "note note note";
  gap: 0 0.5rem; align-items: center; padding: 0.3rem 0; border-bottom: 1px solid var(--line); }
.stage-name { grid-area: name; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9rem; }
.track { grid-area: track; height: 0.8rem; background: #eaeef2; border-radius: 2px; overflow: hidden; }
.bar { height: 100%; background: var(--bar); min-width: 2px; }
li[data-state="failed"] .bar { background: var(--bad); }
li[data-state="running"] .bar { background: repeating-linear-gradient(45deg, var(--run), var(--run) 6px, #54aeff 6px, #54aeff 12px); }
.stage-time { grid-area: time; text-align: right; font-variant-numeric: tabular-nums; }
.stage-state { grid-area: state; font-size: 0.85rem; }
.stage-note { grid-area: note; font-size: 0.85rem; color: var(--muted); }
.stage-note.error { color: var(--bad); }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 0.75rem; margin: 0.25rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  header, main { padding: 0.5rem 0.75rem; }
  ol.timeline li { grid-template-columns: minmax(0, 1fr) 4.5rem; grid-template-areas: "name time" "track track" "state state" "note note"; }
  table { font-size: 0.85rem; } th, td { padding: 0.25rem; }
  dl { grid-template-columns: minmax(0, 1fr); } dd { margin-bottom: 0.3rem; }
}
`;

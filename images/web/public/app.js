/* global document */
// Shows which container group answered: reload to see the gateway spread requests.
const info = document.getElementById('info');

function row(term, value) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value ?? '—';
  return [dt, dd];
}

try {
  const response = await fetch('/api/info', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = await response.json();
  info.replaceChildren(
    ...row('Container group', body.group),
    ...row('Host name', body.hostname),
    ...row('Private IP', body.ip),
    ...row('Database', body.database ? `${body.database.name} on ${body.database.server}` : null),
  );
} catch (error) {
  info.replaceChildren(...row('API', `unreachable (${error.message})`));
}

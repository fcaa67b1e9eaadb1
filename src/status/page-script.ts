// The page's script (inline, allowed by its hash in the Content-Security-Policy): polls
// GET /api/status/data and draws it with DOM calls only (textContent, never HTML from data).
// The function key: the page was opened with `?code=<key>`; the script keeps it in one variable
// and sends it in the `x-functions-key` header of its own same-origin requests, nowhere else.
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var key = new URLSearchParams(location.search).get('code');
  var dataUrl = location.pathname.replace(/\/+$/, '') + '/data';
  var main = document.getElementById('environments');
  var updated = document.getElementById('updated');
  var progress = document.getElementById('progress');
  var lastDrawn = '';
  var announced = {};
  var first = true;

  var STATES = {
    succeeded: ['\u2713', 'ok'], completed: ['\u2713', 'ok'], running: ['\u25b6', 'run'],
    pending: ['\u2026', 'wait'], failed: ['\u2717', 'bad'], terminated: ['\u2717', 'bad'],
    skipped: ['\u2013', 'wait'], healthy: ['\u2713', 'ok'], unhealthy: ['\u2717', 'bad'],
    partial: ['!', 'wait'], draining: ['\u2026', 'wait'], unknown: ['?', 'wait'],
    missing: ['\u2717', 'bad'], stopped: ['\u25a0', 'bad'], waiting: ['\u2026', 'wait']
  };

  function el(tag, options, children) {
    var node = document.createElement(tag);
    options = options || {};
    if (options.cls) node.className = options.cls;
    if (options.text !== undefined) node.textContent = options.text;
    if (options.attrs) Object.keys(options.attrs).forEach(function (name) {
      node.setAttribute(name, options.attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function stateBadge(state, group) {
    var known = (group && state === 'Running' ? ['\u2713', 'ok'] : null) ||
      STATES[String(state).toLowerCase()] || ['\u2022', 'wait'];
    return el('span', { cls: 'state state-' + known[1], text: known[0] + '\u00a0' + state });
  }

  function duration(ms) {
    if (ms === undefined || ms === null) return '\u2014';
    if (ms < 1000) return ms + ' ms';
    var s = ms / 1000;
    if (s < 60) return (s < 10 ? s.toFixed(1) : Math.round(s)) + ' s';
    var m = Math.floor(s / 60);
    return m + ' min ' + Math.round(s - m * 60) + ' s';
  }

  function when(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + ' UTC' : '\u2014';
  }

  function table(caption, heads, rows) {
    return el('table', {}, [
      el('caption', { text: caption }),
      el('thead', {}, [el('tr', {}, heads.map(function (h) {
        return el('th', { text: h, attrs: { scope: 'col' } });
      }))]),
      el('tbody', {}, rows.map(function (cells) {
        return el('tr', {}, cells.map(function (cell, i) {
          var node = typeof cell === 'string' ? document.createTextNode(cell) : cell;
          return el(i === 0 ? 'th' : 'td', i === 0 ? { attrs: { scope: 'row' } } : {}, [node]);
        }));
      }))
    ]);
  }

  function partError(what, part) {
    return el('p', { cls: 'error', text: what + ' could not be read: ' + part.error });
  }

  function timeline(env, deployment) {
    var id = 'timeline-' + env.name;
    return el('ol', { cls: 'timeline', attrs: { 'aria-labelledby': id + '-h' } },
      deployment.stages.map(function (s) {
        var bar = el('div', { cls: 'bar' });
        bar.style.marginLeft = s.offsetPct + '%';
        bar.style.width = Math.max(s.widthPct, 0.5) + '%';
        var note = s.error ? el('p', { cls: 'stage-note error', text: s.error.code + ': ' + s.error.message })
          : s.waitingFor ? el('p', { cls: 'stage-note', text: 'Waiting for ' + s.waitingFor })
          : s.summary ? el('p', { cls: 'stage-note', text: s.summary }) : null;
        var item = el('li', { attrs: { 'data-stage': s.stage, 'data-state': s.state } }, [
          el('span', { cls: 'stage-name', text: s.stage }),
          el('div', { cls: 'track', attrs: { 'aria-hidden': 'true' } }, [bar]),
          el('span', { cls: 'stage-time', text: duration(s.durationMs) }),
          el('span', { cls: 'stage-state' }, [stateBadge(s.state),
            document.createTextNode(s.startedAt ? ' \u00b7 started ' + when(s.startedAt) : '')]),
          note
        ]);
        return item;
      }));
  }

  function deploymentPart(env) {
    var d = env.deployment;
    var id = 'timeline-' + env.name + '-h';
    if (!d) return [el('h3', { text: 'Last deployment' }), el('p', { text: 'No deployment recorded.' })];
    return [
      el('h3', { text: 'Last deployment', attrs: { id: id } }),
      el('p', { cls: 'deployment-summary' }, [stateBadge(d.runtimeStatus),
        document.createTextNode(' \u00b7 started ' + when(d.createdTime) + ' \u00b7 ' +
          (d.active ? 'running for ' : 'took ') + duration(d.durationMs))]),
      d.failedStage ? el('p', { cls: 'error failed-stage', text: 'Failed at stage ' + d.failedStage +
        (d.error ? ': ' + d.error : '') }) : (d.error ? el('p', { cls: 'error', text: d.error }) : null),
      timeline(env, d)
    ];
  }

  function groupsPart(env) {
    if (!env.groups.ok) return [partError('The container groups', env.groups)];
    return [table('Container groups', ['Group', 'State', 'IP', 'Restarts'],
      env.groups.value.map(function (g) {
        return [g.name, stateBadge(g.state, true), g.ip || 'none', String(g.restarts)];
      }))];
  }

  function poolsPart(env) {
    if (!env.pools.ok) return [partError('The backend pools', env.pools)];
    var rows = [];
    env.pools.value.pools.forEach(function (p) {
      if (p.backends.length === 0) rows.push([p.name, 'none', '\u2014', '\u2014']);
      p.backends.forEach(function (b) {
        rows.push([p.name, b.address, stateBadge(b.health), b.group || 'no group']);
      });
    });
    return [
      table('Gateway backend pools and their health', ['Pool', 'Backend', 'Health', 'Group'], rows),
      env.pools.value.healthError ? el('p', { cls: 'meta', text: 'Backend health not known: ' +
        env.pools.value.healthError }) : null
    ];
  }

  function certificatePart(env) {
    var heading = el('h3', { text: 'Certificate' });
    if (!env.certificate.ok) return [heading, partError('The certificate', env.certificate)];
    var c = env.certificate.value;
    if (!c) return [heading, el('p', { text: 'Key Vault holds no certificate yet.' })];
    var left = Math.floor((Date.parse(c.notAfter) - Date.now()) / 86400000);
    var pairs = [['Name', c.name], ['Issuer', c.issuer], ['Subject', c.subject],
      ['Names', c.names.join(', ')], ['Valid from', when(c.notBefore)],
      ['Expires', when(c.notAfter) + ' (' + left + ' days left)'],
      ['Next renewal', c.renewal.due ? 'due now: ' + c.renewal.message : 'from ' + when(c.renewal.renewAt)],
      ['Version', c.version]];
    var list = el('dl', { cls: 'certificate' });
    pairs.forEach(function (p) {
      list.appendChild(el('dt', { text: p[0] }));
      list.appendChild(el('dd', { text: p[1], attrs: { 'data-field': p[0].toLowerCase().replace(/ /g, '-') } }));
    });
    return [heading, list];
  }

  function eventsPart(env) {
    if (env.events.length === 0) return [el('p', { text: 'No heal or renewal has run yet.' })];
    return [table('Recent heal and renewal events', ['When', 'Event', 'Outcome', 'Changes'],
      env.events.map(function (e) {
        var what = (e.kind === 'heal' ? 'Heal' : 'Renewal') + (e.reason ? ' (' + e.reason + ')' : '');
        var outcome = el('span', {}, [stateBadge(e.runtimeStatus), document.createTextNode(' ' + e.summary)]);
        return [when(e.at), what, outcome, e.changes.length ? e.changes.join('; ') : 'nothing changed'];
      }))];
  }

  function environmentSection(env) {
    var id = 'env-' + env.name;
    var status = env.deployment ? stateBadge(env.deployment.runtimeStatus) : null;
    return el('section', { cls: 'environment', attrs: { 'aria-labelledby': id, 'data-environment': env.name,
      'data-created': env.deployment ? env.deployment.createdTime : '' } }, [
      el('h2', { attrs: { id: id } }, [document.createTextNode(env.name + ' '), status]),
    ].concat(deploymentPart(env), [el('h3', { text: 'Container groups and backends' })],
      groupsPart(env), poolsPart(env), certificatePart(env),
      [el('h3', { text: 'Heal and renewal' })], eventsPart(env)));
  }

  function progressText(env) {
    var d = env.deployment;
    if (!d) return '';
    var done = d.stages.filter(function (s) { return s.state === 'succeeded' || s.state === 'skipped'; }).length;
    var running = d.stages.filter(function (s) { return s.state === 'running'; })
      .map(function (s) { return s.stage; });
    if (d.active)
      return 'Deployment of ' + env.name + ' running: ' + done + ' of ' + d.stages.length +
        ' stages done' + (running.length ? ', now ' + running.join(', ') : '') + '.';
    return 'Deployment of ' + env.name + ' ' + d.runtimeStatus.toLowerCase() +
      (d.failedStage ? ' at stage ' + d.failedStage : '') + ' after ' + duration(d.durationMs) + '.';
  }

  function announce(data) {
    var lines = [];
    data.environments.forEach(function (env) {
      var text = progressText(env);
      var before = announced[env.name];
      announced[env.name] = text;
      if (!first && text && text !== before) lines.push(text);
    });
    if (lines.length) progress.textContent = lines.join(' ');
    first = false;
  }

  function draw(data) {
    var shape = JSON.stringify(data.environments);
    updated.textContent = 'Updated ' + when(data.generatedAt) + '; ' + (data.active ?
      'a workflow is running, checking every ' : 'checking every ') + data.pollSeconds + ' s.';
    if (shape !== lastDrawn) {
      lastDrawn = shape;
      var sections = data.environments.map(environmentSection);
      if (sections.length === 0) sections = [el('p', { text: 'This app has deployed no environment yet.' })];
      main.replaceChildren.apply(main, sections);
    }
    main.setAttribute('aria-busy', 'false');
    announce(data);
  }

  function later(seconds) { setTimeout(refresh, seconds * 1000); }

  function refresh() {
    var headers = key ? { 'x-functions-key': key } : {};
    fetch(dataUrl, { headers: headers, cache: 'no-store', credentials: 'same-origin', referrerPolicy: 'no-referrer' })
      .then(function (response) {
        if (response.status === 401) {
          updated.textContent = 'The app refused the request: open this page with the function key as its code query parameter.';
          return later(60);
        }
        if (!response.ok) throw new Error('the app answered ' + response.status);
        return response.json().then(function (data) { draw(data); later(data.pollSeconds); });
      })
      .catch(function (error) {
        updated.textContent = 'Could not refresh (' + error.message + '); trying again in 10 s.';
        later(10);
      });
  }

  refresh();
})();
`;

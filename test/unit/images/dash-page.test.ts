import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createDashboardApp, SCRIPT_PATH } from '../../../images/dash/src/app.js';
import { architectureDescription } from '../../../images/dash/src/architecture-svg.js';
import type { CertificateExpiry } from '../../../images/dash/src/certificate-expiry.js';
import { barWidth, renderAccessChart } from '../../../images/dash/src/chart-html.js';
import { clock, group, memoryDatabase } from './dash-fakes.js';

const SCRIPT = readFileSync(
  new URL('../../../images/dash/public/dashboard.js', import.meta.url),
  'utf8',
);
const VALID: CertificateExpiry = {
  state: 'valid',
  name: 'app-contoso-example',
  version: '4f1c',
  expiresOn: '2027-02-24T10:00:00.000Z',
  daysLeft: 90,
};

async function page(
  options: { certificate?: CertificateExpiry; groups?: ReturnType<typeof group>[] } = {},
) {
  const time = clock();
  const table = memoryDatabase(time.now);
  table.recordFrom('192.168.1.4', 'ci-contoso-app-1', 6);
  table.recordFrom('192.168.1.5', 'ci-contoso-app-2', 3);
  table.recordFrom('10.9.9.9', '<img src=x onerror=alert(1)>', 1);
  const app = createDashboardApp({
    environment: 'contoso',
    readGroups: () =>
      Promise.resolve(
        options.groups ?? [
          group('ci-contoso-app-1', '192.168.1.4'),
          group('ci-contoso-app-2', '192.168.1.5'),
        ],
      ),
    now: time.now,
    database: table.database,
    readCertificate: () => Promise.resolve(options.certificate ?? VALID),
    clientScript: SCRIPT,
  });
  const response = await app.fetch(new Request('http://dash/'));
  return { app, response, html: await response.text() };
}

describe('dashboard image: the live page', () => {
  test('draws one SVG bar per source IP, labelled by its group, as wide as its share of the most', async () => {
    const { html } = await page();
    const bars = [
      ...html.matchAll(
        /<li class="bar" data-source-ip="([^"]+)" data-count="(\d+)">\n<span class="who"><span class="group">([^<]*)<\/span>(?:<span class="note"> · recorded<\/span>)? <span class="ip">[^<]*<\/span><\/span>\n<svg class="track"[^>]*><rect width="([\d.]+)"/g,
      ),
    ].map((m) => m.slice(1));
    assert.deepEqual(bars, [
      ['192.168.1.4', '6', 'ci-contoso-app-1', '100'],
      ['192.168.1.5', '3', 'ci-contoso-app-2', '50'],
      ['10.9.9.9', '1', '&lt;img src=x onerror=alert(1)&gt;', '16.7'],
    ]);
    assert.match(
      html,
      /<p id="chart-summary" aria-live="polite">10 accesses from 3 source IPs in the last 5 minutes\.<\/p>/,
    );
    assert.doesNotMatch(html, /<img/);
  });

  test('loads its live script from its own origin only, under a CSP without inline script', async () => {
    const { app, response, html } = await page();
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.match(html, /<script src="\/dashboard\.js" defer><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    const script = await app.fetch(new Request(`http://dash${SCRIPT_PATH}`));
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const body = await script.text();
    assert.match(body, /new EventSource\('\/api\/accesses\/stream'\)/);
    assert.doesNotMatch(body, /innerHTML|insertAdjacentHTML|document\.write/);
  });

  test('shows the groups with state, IP and restarts beside the chart', async () => {
    const { html } = await page();
    assert.match(
      html,
      /<tbody id="groups">\n<tr class="running"><td>ci-contoso-app-1<\/td><td>Running<\/td><td>192\.168\.1\.4<\/td><td>0<\/td>/,
    );
  });

  test('shows the certificate’s expiry and days left', async () => {
    const { html } = await page();
    assert.match(html, /<dl class="cert-valid"><dt>Certificate<\/dt><dd>app-contoso-example<\/dd>/);
    assert.match(
      html,
      /<dt>Expires<\/dt><dd>2027-02-24T10:00:00\.000Z<\/dd><dt>Status<\/dt><dd>90 days left<\/dd>/,
    );
  });

  test('says a certificate near its expiry is due for renewal, and an expired one to renew', async () => {
    const expiring = await page({ certificate: { ...VALID, state: 'expiring', daysLeft: 5 } });
    assert.match(
      expiring.html,
      /<dl class="cert-expiring">.*<dd>5 days left: renewal is due<\/dd>/,
    );
    const expired = await page({ certificate: { ...VALID, state: 'expired', daysLeft: -2 } });
    assert.match(expired.html, /<dd>expired 2 days ago; renew it<\/dd>/);
    const unknown = await page({
      certificate: {
        state: 'unknown',
        name: 'c',
        reason: 'could not be read; the details are in the dashboard log',
      },
    });
    assert.match(
      unknown.html,
      /<dt>Expires<\/dt><dd>unknown: could not be read; the details are in the dashboard log<\/dd>/,
    );
  });

  test('draws the architecture as an SVG image whose title and description say what it shows', async () => {
    const { html } = await page();
    assert.match(
      html,
      /<svg class="architecture" viewBox="0 0 760 \d+" role="img" aria-labelledby="architecture-svg-title architecture-svg-desc">/,
    );
    assert.match(
      html,
      /<title id="architecture-svg-title">Architecture of the environment<\/title>/,
    );
    assert.match(
      html,
      /<desc id="architecture-svg-desc">[^<]*app groups ci-contoso-app-1 \(192\.168\.1\.4\), ci-contoso-app-2 \(192\.168\.1\.5\)/,
    );
    for (const part of [
      'Application Gateway v2',
      'Key Vault',
      'Azure SQL',
      'private endpoint (sqlServer)',
      'dashboard group',
    ]) {
      assert.ok(html.includes(`>${part}</text>`), part);
    }
  });

  test('draws three app groups and counts the rest', async () => {
    const groups = [1, 2, 3, 4, 5].map((i) => group(`ci-contoso-app-${i}`, `192.168.1.${i}`));
    const { html } = await page({ groups });
    assert.match(html, />ci-contoso-app-3 · 192\.168\.1\.3<\/text>/);
    assert.doesNotMatch(html, />ci-contoso-app-4 · /);
    assert.match(html, />\+ 2 more app groups<\/text>/);
    assert.match(architectureDescription(groups), /ci-contoso-app-5 \(192\.168\.1\.5\)/);
  });

  test('is readable on a phone and by a screen reader: viewport, language, landmarks, headings, labelled table', async () => {
    const { html } = await page();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(html, /<main class="grid">/);
    assert.match(html, /<p id="live-status" class="muted" role="status">/);
    for (const id of ['chart-title', 'groups-title', 'certificate-title', 'architecture-title']) {
      assert.match(
        html,
        new RegExp(`<section [^>]*aria-labelledby="${id}">\\n<h2 id="${id}">`),
        id,
      );
    }
    assert.match(html, /<ol id="chart" class="bars" aria-labelledby="chart-title"/);
    assert.match(html, /<svg class="track"[^>]* aria-hidden="true"/);
    assert.match(html, /<span class="visually-hidden"> accesses<\/span>/);
    assert.match(
      html,
      /<caption>State, private IP and restarts, from Azure Resource Manager<\/caption>/,
    );
    assert.equal((html.match(/<th scope="col">/g) ?? []).length, 4);
    assert.match(html, /@media \(min-width:60rem\)/);
  });

  test('says there are no accesses yet, and how to make one', () => {
    const html = renderAccessChart({
      ok: true,
      snapshot: {
        at: '2026-11-26T10:00:00.000Z',
        windowSeconds: 300,
        since: '',
        total: 0,
        bars: [],
        otherSources: 0,
      },
    });
    assert.match(
      html,
      /<li class="empty">No accesses in the last 5 minutes\. Each visit of the web page records one\.<\/li>/,
    );
    assert.match(html, /0 accesses from 0 source IPs in the last 5 minutes\./);
  });

  test('says why there is no chart when the table cannot be read', () => {
    const html = renderAccessChart({
      ok: false,
      reason: 'the access table could not be read; the details are in the dashboard log',
    });
    assert.match(
      html,
      /Access data unavailable: the access table could not be read; the details are in the dashboard log\./,
    );
    assert.doesNotMatch(html, /class="bar"/);
  });

  test('keeps a bar with accesses at least 1 % wide', () => {
    assert.deepEqual(
      [barWidth(0, 10), barWidth(1, 1000), barWidth(1, 3), barWidth(3, 3)],
      [0, 1, 33.3, 100],
    );
  });
});

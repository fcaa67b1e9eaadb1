// The dashboard in a real browser (Debian's headless Chromium) with a real PostgreSQL behind it:
// the chart draws the accesses recorded from 127.0.0.2 and 127.0.0.3, moves when more are recorded
// (the page's script on the event stream, no reload), fits a phone, and breaks no CSP rule.
// Screenshots are kept as artifacts: reports/screenshots/dashboard.png and dashboard-phone.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium, type Browser } from '../support/chromium.js';
import { repoRoot } from '../support/cli.js';
import { startDashboardRig, type DashboardRig } from '../support/dashboard.js';
import { skipWithout } from '../support/requires.js';

const skip = skipWithout('chromium', 'postgres');
const SCREENSHOTS = join(repoRoot, 'reports', 'screenshots');
/** Bounds a broken run; a passing one sees each change within about a second. */
const DEADLINE_MS = 20_000;

interface DrawnBar {
  group: string;
  ip: string;
  count: string;
  width: number;
}

/** What the page draws: each bar's label, address, count, and its SVG bar's rendered width. */
const DRAWN_BARS = `[...document.querySelectorAll('#chart li.bar')].map((li) => ({
  group: li.querySelector('.group').textContent,
  ip: li.querySelector('.ip').textContent,
  count: li.dataset.count,
  width: Math.round(li.querySelector('svg.track rect').getBoundingClientRect().width),
}))`;

describe('dashboard in headless Chromium', { skip }, () => {
  let rig: DashboardRig;
  let browser: Browser;
  before(async () => {
    rig = await startDashboardRig({
      certificate: {
        state: 'valid',
        name: 'app-contoso-example',
        version: '7c0e2b5a9d3f4e1b8a6c2d4f0e9b7a35',
        expiresOn: new Date(Date.now() + 61 * 86_400_000).toISOString(),
        daysLeft: 61,
      },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await rig?.stop();
  });

  test('draws the accesses per source IP and moves the bars live as accesses are recorded', async () => {
    await rig.recordAccesses('127.0.0.2', 5);
    await rig.recordAccesses('127.0.0.3', 3);
    const tab = await browser.open(rig.url, { width: 1280, height: 900 });
    await tab.waitFor(`document.getElementById('live-status').textContent.startsWith('Live:')`, {
      deadlineMs: DEADLINE_MS,
      what: 'the event stream connecting',
    });
    await rig.recordAccesses('127.0.0.3', 4);
    await tab.waitFor(`document.querySelector('#chart li.bar')?.dataset.count === '7'`, {
      deadlineMs: DEADLINE_MS,
      what: 'the chart showing the 4 new accesses without a reload',
    });
    const bars = await tab.evaluate<DrawnBar[]>(DRAWN_BARS);
    assert.deepEqual(
      bars.map((b) => [b.group, b.ip, b.count]),
      [
        ['ci-contoso-app-2', '127.0.0.3', '7'],
        ['ci-contoso-app-1', '127.0.0.2', '5'],
      ],
    );
    const [longest, shorter] = bars.map((b) => b.width);
    assert.ok(longest && shorter, 'both bars are drawn');
    assert.ok(Math.abs(shorter / longest - 5 / 7) < 0.02, `bar widths ${shorter}/${longest} ≈ 5/7`);
    assert.equal(
      await tab.evaluate<string>(`document.getElementById('chart-summary').textContent`),
      '12 accesses from 2 source IPs in the last 5 minutes.',
    );
    await tab.screenshot(join(SCREENSHOTS, 'dashboard.png'));
    assert.deepEqual(tab.problems, [], 'no script error or CSP refusal');
  });

  test('fits a phone’s width without horizontal scrolling', async () => {
    const tab = await browser.open(rig.url, {
      width: 390,
      height: 844,
      mobile: true,
      deviceScaleFactor: 2,
    });
    await tab.waitFor(
      `document.getElementById('live-status').textContent.startsWith('Live:') && document.querySelectorAll('#chart li.bar').length === 2`,
      { deadlineMs: DEADLINE_MS, what: 'the chart drawing two bars from the event stream' },
    );
    const widths = await tab.evaluate<{ page: number; viewport: number }>(
      `({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })`,
    );
    assert.ok(
      widths.page <= widths.viewport,
      `page ${widths.page}px wide in a ${widths.viewport}px viewport`,
    );
    await tab.screenshot(join(SCREENSHOTS, 'dashboard-phone.png'));
    assert.deepEqual(tab.problems, []);
  });
});

// The status page in a real browser (Debian's headless Chromium) over the full example deployed on
// the local stack: every stage on its timeline, each container group with its IP, the backend
// pools with their health, the certificate's issuer, expiry and next renewal, the latest heal and
// renewal; it follows a second deployment without a reload, fits a phone, breaks no CSP rule, and
// is refused without the function key. Screenshots are kept as artifacts:
// reports/screenshots/status.png and status-phone.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adminRequest } from '../support/admin.js';
import { launchChromium, type Browser, type Tab } from '../support/chromium.js';
import { startDeployed, type DeploymentStatus } from '../support/deployments.js';
import { until } from '../support/eventually.js';
import { FUNCTION_KEY, repoRoot, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { scannedFetch } from '../support/scanned-http.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('chromium', 'pebble');
const SUB = '11111111-2222-3333-4444-555555555555';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-contoso-prod`;
const GATEWAY = `${GROUP}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`;
const SCREENSHOTS = join(repoRoot, 'reports', 'screenshots');
/** Bounds a broken run; the page polls every 15 s when idle, every 3 s while a deployment runs. */
const DEADLINE_MS = 60_000;
const DAY_MS = 86_400_000;
const spec = withImportedImages(exampleInput('full'));
const SECTION = `document.querySelector('section[data-environment="contoso-prod"]')`;

interface DrawnStage {
  stage: string;
  state: string;
  time: string;
}

const DRAWN_STAGES = `[...${SECTION}.querySelectorAll('ol.timeline li')].map((li) => ({
  stage: li.dataset.stage,
  state: li.dataset.state,
  time: li.querySelector('.stage-time').textContent,
}))`;

/** Each table of the section by caption: rows of cell texts. */
const DRAWN_TABLES = `Object.fromEntries([...${SECTION}.querySelectorAll('table')].map((t) => [
  t.caption.textContent,
  [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)),
]))`;

const CERTIFICATE = `Object.fromEntries([...${SECTION}.querySelectorAll('dl.certificate dd')].map(
  (dd) => [dd.dataset.field, dd.textContent]))`;

describe('status page in headless Chromium', { skip }, () => {
  let stack: LocalStack;
  let browser: Browser;
  let deployed: DeploymentStatus;
  const pageUrl = () => `${stack.host.url}/api/status?code=${FUNCTION_KEY}`;
  const open = (width: number, height: number, mobile = false): Promise<Tab> =>
    browser.open(pageUrl(), { width, height, mobile, deviceScaleFactor: mobile ? 2 : 1 });
  const drawn = (tab: Tab) =>
    tab.waitFor(`${SECTION}?.querySelector('dl.certificate')`, {
      deadlineMs: DEADLINE_MS,
      what: 'the page drawing contoso-prod with its certificate',
    });

  before(async () => {
    stack = await startDeployed(SUB, spec, 'contoso-prod');
    deployed = (await stack.api('GET', '/api/environments/contoso-prod'))
      .body as unknown as DeploymentStatus;
    // One heal and one renewal, as their timers run them, so the page has events to list.
    await stack.fire('reconcileTimer');
    await stack.fire('renewCertificates');
    await until(
      async () =>
        (await stack.instance('reconcile-contoso-prod'))?.runtimeStatus === 'Completed' &&
        (await stack.instance('renew-contoso-prod'))?.runtimeStatus === 'Completed',
      { deadlineMs: DEADLINE_MS, what: 'the heal and the renewal to complete' },
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  test('renders every stage, group, pool, the certificate and the events of the full example', async () => {
    const tab = await open(1280, 900);
    await drawn(tab);
    const stages = await tab.evaluate<DrawnStage[]>(DRAWN_STAGES);
    assert.deepEqual(
      stages.map((s) => [s.stage, s.state]),
      deployed.stages.map((s) => [s.stage, s.state]),
    );
    assert.ok(stages.length >= 10, `${stages.length} stages drawn`);
    for (const s of stages.filter((x) => x.state === 'succeeded'))
      assert.match(s.time, /^\d[\d.]* (ms|s)$|min/, `${s.stage} shows its duration`);

    const tables = await tab.evaluate<Record<string, string[][]>>(DRAWN_TABLES);
    const listed = await adminRequest(
      stack.emu,
      'GET',
      `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups?api-version=2023-05-01`,
    );
    const groups = (listed.value as { name: string; properties: { ipAddress?: { ip?: string } } }[])
      .map((g) => [g.name, g.properties.ipAddress?.ip ?? 'none'])
      .sort();
    assert.equal(groups.length, 4, 'three app groups and the dashboard');
    assert.deepEqual((tables['Container groups'] ?? []).map((r) => [r[0], r[2]]).sort(), groups);
    for (const row of tables['Container groups'] ?? [])
      assert.deepEqual([row[1], row[3]], ['✓\u00a0Running', '0'], `${row[0]} running, no restart`);

    const gateway = (await adminRequest(stack.emu, 'GET', `${GATEWAY}?api-version=2025-05-01`))
      .properties as {
      backendAddressPools: {
        name: string;
        properties: { backendAddresses: { ipAddress: string }[] };
      }[];
    };
    const pools = gateway.backendAddressPools
      .flatMap((p) => p.properties.backendAddresses.map((a) => [p.name, a.ipAddress]))
      .sort();
    const poolRows = tables['Gateway backend pools and their health'] ?? [];
    assert.deepEqual(poolRows.map((r) => [r[0], r[1]]).sort(), pools);
    assert.ok(pools.length >= 4, `${pools.length} backends`);
    for (const row of poolRows) assert.equal(row[2], '✓\u00a0Healthy', `${row[0]} ${row[1]}`);

    const certificate = await tab.evaluate<Record<string, string>>(CERTIFICATE);
    assert.equal(certificate.name, 'app-contoso-example');
    assert.match(certificate.issuer ?? '', /CN=/);
    assert.match(certificate.names ?? '', /app\.contoso\.example/);
    const expires = Date.parse(
      (certificate.expires ?? '').replace(' UTC', 'Z').split(' (')[0]!.replace(' ', 'T'),
    );
    const renewal = Date.parse(
      (certificate['next-renewal'] ?? '')
        .replace(/^from /, '')
        .replace(' UTC', 'Z')
        .replace(' ', 'T'),
    );
    assert.ok(expires > Date.now(), `expires ${certificate.expires}`);
    assert.equal(Math.round((expires - renewal) / DAY_MS), 30, 'renewal 30 days before expiry');

    const events = tables['Recent heal and renewal events'] ?? [];
    assert.deepEqual(events.map((r) => r[1]?.split(' ')[0]).sort(), ['Heal', 'Renewal']);
    const html = await tab.evaluate<string>('document.documentElement.outerHTML');
    assert.ok(!html.includes(FUNCTION_KEY), 'the key is nowhere in the DOM');
    await tab.screenshot(join(SCREENSHOTS, 'status.png'));
    assert.deepEqual(tab.problems, [], 'no script error or CSP refusal');
  });

  test('fits a phone’s width without horizontal scrolling', async () => {
    const tab = await open(390, 844, true);
    await drawn(tab);
    const widths = await tab.evaluate<{ page: number; viewport: number }>(
      `({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })`,
    );
    assert.ok(widths.page <= widths.viewport, `page ${widths.page}px wide in ${widths.viewport}px`);
    await tab.screenshot(join(SCREENSHOTS, 'status-phone.png'));
    assert.deepEqual(tab.problems, []);
  });

  test('is refused without the function key, and serves the page with a strict CSP', async () => {
    for (const path of ['/api/status', '/api/status/data']) {
      assert.equal((await scannedFetch(`${stack.host.url}${path}`)).status, 401, path);
      const wrong = await scannedFetch(`${stack.host.url}${path}`, {
        headers: { 'x-functions-key': 'not-the-key' },
      });
      assert.equal(wrong.status, 401, `${path} with a wrong key`);
    }
    const page = await scannedFetch(`${stack.host.url}/api/status`, {
      headers: { 'x-functions-key': FUNCTION_KEY },
    });
    assert.equal(page.status, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'sha256-/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
  });

  test('follows a second deployment without a reload and announces its progress', async () => {
    const tab = await open(1280, 900);
    await drawn(tab);
    const first = await tab.evaluate<string>(`${SECTION}.dataset.created`);
    await tab.evaluate('window.notReloaded = true');
    // The gateway's probes report nothing yet: every backend is Unknown, and the second
    // deployment's verify stage waits until they are reported Healthy.
    await reportBackendHealth(stack, 'none');
    assert.equal((await stack.api('POST', '/api/environments', spec)).status, 202);
    await tab.waitFor(
      `${SECTION}.dataset.created !== ${JSON.stringify(first)} &&
        ${SECTION}.querySelector('li[data-stage="verify"]')?.dataset.state === 'running'`,
      { deadlineMs: DEADLINE_MS, what: 'the page showing the second deployment verifying' },
    );
    await tab.waitFor(
      `/Deployment of contoso-prod running: \\d+ of \\d+ stages done, now verify/.test(document.getElementById('progress').textContent)`,
      { deadlineMs: DEADLINE_MS, what: 'the live region announcing the running deployment' },
    );
    await tab.waitFor(
      `[...${SECTION}.querySelectorAll('table')].some((t) => /Unknown/.test(t.textContent))`,
      { deadlineMs: DEADLINE_MS, what: 'the pools showing backends of unknown health' },
    );
    await tab.screenshot(join(SCREENSHOTS, 'status-deploying.png'));
    await reportBackendHealth(stack, 'Healthy');
    await tab.waitFor(
      `/Deployment of contoso-prod completed/.test(document.getElementById('progress').textContent)`,
      { deadlineMs: DEADLINE_MS, what: 'the live region announcing the completed deployment' },
    );
    assert.equal(await tab.evaluate<boolean>('window.notReloaded === true'), true, 'no reload');
    const stages = await tab.evaluate<DrawnStage[]>(DRAWN_STAGES);
    assert.ok(stages.every((s) => s.state === 'succeeded' || s.state === 'skipped'));
    assert.deepEqual(tab.problems, []);
  });
});

/**
 * What the gateway's probes report from now on (the emulator's backend-health admin route):
 * nothing at all (every backend Unknown), or every backend of every pool Healthy.
 */
async function reportBackendHealth(stack: LocalStack, health: 'none' | 'Healthy'): Promise<void> {
  const gateway = (await adminRequest(stack.emu, 'GET', `${GATEWAY}?api-version=2025-05-01`))
    .properties as {
    backendAddressPools: {
      id: string;
      properties: { backendAddresses: { ipAddress: string }[] };
    }[];
    backendHttpSettingsCollection: { id: string }[];
  };
  const pools =
    health === 'none'
      ? []
      : gateway.backendAddressPools.map((pool) => ({
          backendAddressPool: { id: pool.id },
          backendHttpSettingsCollection: gateway.backendHttpSettingsCollection.map((settings) => ({
            backendHttpSettings: { id: settings.id },
            servers: pool.properties.backendAddresses.map((a) => ({
              address: a.ipAddress,
              health,
            })),
          })),
        }));
  await adminRequest(stack.emu, 'PUT', '/_emulator/network/application-gateways/backend-health', {
    gatewayId: GATEWAY,
    backendAddressPools: pools,
  });
}

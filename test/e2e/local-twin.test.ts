// `npm start` as a working twin of the Azure deployment: every container group runs as processes
// on its own loopback address, behind a local Application Gateway on 127.0.0.1 that routes by the
// gateway resource's rules with end-to-end TLS. Through it: each app group answers `/` and
// `/api/sqlsrcip` with its own address; a rolling restart of the app groups is measured (failed
// requests, time until the pool holds the new address); a platform restart is healed by the
// timer; a renewal in Key Vault reaches the sidecars and the gateway without a restart; and
// headless Chromium watches the dashboard's bar move to a restarted group's new source IP.
// The figures go to reports/local-twin.json (never asserted: a test asserts no wall-clock time).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import { launchChromium, type Browser } from '../support/chromium.js';
import { repoRoot } from '../support/cli.js';
import { skipWithout } from '../support/requires.js';
import { startTwin, type Twin, type TwinStatus } from '../support/twin.js';
import { appGroups, restartUntilPooled, rollingRestart, until } from '../support/twin-restarts.js';

const skip = skipWithout('pebble', 'nginx', 'postgres', 'chromium');
const HOST = 'app.contoso.example';
/** 1000 times faster than Azure: the gateway's 4-hour Key Vault poll takes 14 s. */
const TIME_SCALE = '0.001';
const DEADLINE_MS = 60_000;
const REPORTS = join(repoRoot, 'reports');
const figures: Record<string, unknown> = { timeScale: Number(TIME_SCALE) };

const silent = { stdout: () => undefined, stderr: () => undefined };

describe(
  'the local twin: container groups as processes behind a local gateway',
  { skip, timeout: 900_000 },
  () => {
    let twin: Twin;

    before(async () => {
      // Certificates of 20 days, inside the example's 30-day renewal window: the renewal timer
      // renews at once when fired.
      twin = await startTwin({
        spec: 'examples/full.json',
        hostName: HOST,
        timeScale: TIME_SCALE,
        acmeCertificateDays: 20,
      });
    });
    after(async () => {
      await twin?.stop();
      mkdirSync(REPORTS, { recursive: true });
      writeFileSync(join(REPORTS, 'local-twin.json'), `${JSON.stringify(figures, null, 2)}\n`);
    });

    test('prints how to open it and how to restart a group', () => {
      const output = twin.cli.output();
      assert.match(
        output,
        new RegExp(`https://${HOST.replace(/\./g, '\\.')}:\\d+/ +https listener`),
      );
      assert.match(
        output,
        new RegExp(`--resolve ${HOST.replace(/\./g, '\\.')}:\\d+:127\\.0\\.0\\.1`),
      );
      assert.match(output, /restart ci-contoso-prod-app-1 --state-dir \S+ +ARM restart/);
      assert.match(
        output,
        /restart ci-contoso-prod-app-1 --state-dir \S+ --platform +platform restart/,
      );
    });

    test('serves / and /api/sqlsrcip through the gateway from every app group, each with its own address', async () => {
      const groups = appGroups(await twin.status());
      assert.equal(groups.length, 3);
      const expected = new Set(groups.map((g) => g.address));
      const seen = new Set<string>();
      for (let i = 0; i < 30 && seen.size < expected.size; i++) {
        const answer = await twin.get('/api/sqlsrcip');
        assert.equal(answer.status, 200, answer.body);
        seen.add((JSON.parse(answer.body) as { sql_output: string }).sql_output);
      }
      assert.deepEqual([...seen].sort(), [...expected].sort());
      const page = await twin.get('/');
      assert.equal(page.status, 200);
      assert.ok(
        groups.some((g) => page.body.includes(g.privateIp) && page.body.includes(g.address)),
        'the page shows the private IP and the source IP the database saw',
      );
    });

    test('a rolling restart of the app groups: failed requests and time until the pool holds each new address', async () => {
      const rolling = await rollingRestart(twin);
      figures.rollingRestart = {
        groups: rolling.restarts.length,
        requests: rolling.requests,
        failed: rolling.failed,
        secondsToPool: rolling.restarts.map((r) => Number(r.seconds.toFixed(2))),
      };
      assert.equal(rolling.restarts.length, 3);
      for (const r of rolling.restarts) assert.notEqual(r.moved.privateIp, r.group.privateIp);
      assert.ok(rolling.requests > 0);
      // After the rolling restart every group answers again.
      const after = await twin.get('/api/sqlsrcip');
      assert.equal(after.status, 200);
    });

    test('a platform restart (no event) is healed by the reconcile timer', async () => {
      const [group] = appGroups(await twin.status());
      assert.ok(group);
      const restarted = await restartUntilPooled(twin, group, 'platform');
      figures.platformRestart = { secondsToPool: Number(restarted.seconds.toFixed(2)) };
      assert.notEqual(restarted.moved.privateIp, group.privateIp);
    });

    test('a renewal in Key Vault reaches every sidecar and the gateway without a restart', async () => {
      const before = await twin.status();
      const groups = appGroups(before);
      const gatewayPort = (before.gateways ?? [])
        .flatMap((g) => g.listeners)
        .find((l) => l.frontendPort === 443)?.localPort;
      assert.ok(gatewayPort);
      const old = await twin.servedSerial(gatewayPort);
      for (const g of groups) assert.equal(await twin.servedSerial(10443, g.address), old);
      const started = performance.now();
      await twin.fire('renewCertificates');
      const renewed = await until('the gateway serving the renewed certificate', async () => {
        const serial = await twin.servedSerial(gatewayPort);
        return serial !== old ? serial : undefined;
      });
      const gatewaySeconds = (performance.now() - started) / 1000;
      for (const g of groups) {
        await until(`${g.name}'s sidecar serving the renewed certificate`, async () =>
          (await twin.servedSerial(10443, g.address)) === renewed ? true : undefined,
        );
      }
      figures.renewal = {
        secondsToGateway: Number(gatewaySeconds.toFixed(2)),
        secondsToAllSidecars: Number(((performance.now() - started) / 1000).toFixed(2)),
      };
      // Nothing restarted: same runs, same addresses, no container restarted.
      const after = await twin.status();
      assert.deepEqual(
        appGroups(after).map((g) => [g.name, g.privateIp]),
        groups.map((g) => [g.name, g.privateIp]),
      );
      const restarts = (status: TwinStatus) =>
        status.groups.map((g) => [g.name, g.containers.map((c) => `${c.name}:${c.restarts}`)]);
      assert.deepEqual(restarts(after), restarts(before));
    });

    test('headless Chromium sees the dashboard bar of a restarted group move to its new source IP', async () => {
      const browser: Browser = await launchChromium({
        loopbackHosts: [HOST],
        acceptAnyCertificate: true,
      });
      // Visits through the gateway record accesses from every group, until the test ends.
      let visiting = true;
      let visits: Promise<void> = Promise.resolve();
      try {
        const status = await twin.status();
        const dashboardPort = (status.gateways ?? [])
          .flatMap((g) => g.listeners)
          .find((l) => l.frontendPort === 8443)?.localPort;
        assert.ok(dashboardPort, 'the dashboard listener');
        const [group] = appGroups(status);
        assert.ok(group);
        visits = (async () => {
          while (visiting) {
            await twin.get('/', { timeoutMs: 5_000 }).catch(() => undefined);
            await sleep(100);
          }
        })();
        const tab = await browser.open(`https://${HOST}:${dashboardPort}/`, {
          width: 1280,
          height: 900,
        });
        // A bar's label lists every group its address served, most accesses first: an address a
        // restart freed may have gone to another group before (images/dash access-chart.ts).
        const bar = (address: string) =>
          `[...document.querySelectorAll('#chart li.bar')].some((li) => li.querySelector('.ip')?.textContent === '${address}' && (li.querySelector('.group')?.textContent ?? '').split(', ').includes('${group.name}'))`;
        await tab.waitFor(bar(group.address), {
          deadlineMs: DEADLINE_MS,
          what: `a bar for ${group.name} at ${group.address}`,
        });
        assert.equal(
          await runCli(['restart', group.name, '--state-dir', twin.stateDir], silent),
          0,
        );
        const moved = (await twin.status()).groups.find((g) => g.name === group.name);
        assert.ok(moved && moved.address !== group.address);
        await tab.waitFor(bar(moved.address), {
          deadlineMs: DEADLINE_MS,
          what: `the bar of ${group.name} at its new source IP ${moved.address}`,
        });
        await tab.screenshot(join(REPORTS, 'screenshots', 'twin-dashboard.png'));
      } finally {
        visiting = false;
        await visits;
        await browser.close();
      }
    });
  },
);

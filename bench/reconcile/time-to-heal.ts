// Time-to-heal after a container group restart on the local stack, in emulator time: from the
// restart until app-1's private A record and the gateway's `app` pool hold its new IP, the pool
// no longer holds the old one, and the gateway's PUT has completed.
// - ARM restart (POST .../restart): Event Grid signals the reconciler at once; the group gets its
//   IP about a minute later (emulator: container-instance/restart.ts); the reconciler waits for it
//   with Durable timers and then writes the record and the gateway (a PUT of minutes) once.
// - Platform restart (no ARM operation, no event): only the periodic reconcile sees it.
// The periodic reconcile runs every 5 minutes by default (ACI_VNET_SIDECARS_RECONCILE_SCHEDULE,
// src/settings.ts). The bench fires it every 300 s of emulator time after the restart in both
// cases, so its first tick comes a whole period after the restart: the worst phase for a platform
// restart, for which best and mean (the tick right after, half a period after) are also printed.
// Emulator time is real time divided by the time scale. The app's own waits are not scaled: a
// "not ready" check every 100 ms here is 10 s of emulator time at 0.01 (15 s in Azure), and the
// local stack coalesces events for 0 s (10 s by default in Azure).
// Run: node --import tsx bench/reconcile/time-to-heal.ts [timeScale] [rounds]
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminRequest } from '../../test/support/admin.js';
import { startLocalStack, type LocalStack } from '../../test/support/local-stack.js';
import { toolPath } from '../../test/support/requires.js';
import { exampleInput, withImportedImages } from '../../test/support/specs.js';

const timeScale = Number(process.argv[2] ?? 0.01);
const rounds = Number(process.argv[3] ?? 3);
const TIMER_PERIOD_S = 300;
const SUB = '11111111-2222-3333-4444-555555555555';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-contoso-prod`;
const APP_1 = `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-prod-app-1`;
const RECORD = `${GROUP}/providers/Microsoft.Network/privateDnsZones/prod.contoso.internal/A/app-1`;
const GATEWAY = `${GROUP}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`;

type Get = (id: string, apiVersion: string) => Promise<Record<string, unknown> | undefined>;

async function healed(get: Get, oldIp: string): Promise<boolean> {
  const group = await get(APP_1, '2023-05-01');
  const ip = (group?.properties as { ipAddress?: { ip?: string } } | undefined)?.ipAddress?.ip;
  if (!ip || ip === oldIp) return false;
  const record = await get(RECORD, '2020-06-01');
  const recordIp = (record?.properties as { aRecords?: { ipv4Address?: string }[] } | undefined)
    ?.aRecords?.[0]?.ipv4Address;
  const gateway = (await get(GATEWAY, '2025-05-01'))?.properties as {
    provisioningState: string;
    backendAddressPools: {
      name: string;
      properties: { backendAddresses: { ipAddress: string }[] };
    }[];
  };
  const pool = (
    gateway.backendAddressPools.find((p) => p.name === 'app')?.properties.backendAddresses ?? []
  ).map((a) => a.ipAddress);
  // A gateway serves its new configuration once its PUT has completed (minutes).
  return (
    recordIp === ip &&
    pool.includes(ip) &&
    !pool.includes(oldIp) &&
    gateway.provisioningState === 'Succeeded'
  );
}

/** Real milliseconds from `restart` until healed, with the periodic reconcile firing meanwhile. */
async function timeToHeal(stack: LocalStack, restart: () => Promise<unknown>): Promise<number> {
  const get: Get = (id, apiVersion) =>
    adminRequest(stack.emu, 'GET', `${id}?api-version=${apiVersion}`).catch(() => undefined);
  await idle(stack);
  const oldIp = String(
    ((await get(APP_1, '2023-05-01'))?.properties as { ipAddress: { ip: string } }).ipAddress.ip,
  );
  const started = performance.now();
  await restart();
  let done = false;
  const timer = (async () => {
    for (;;) {
      await sleep(TIMER_PERIOD_S * 1000 * timeScale);
      if (done) return;
      await stack.fire('reconcileTimer');
    }
  })();
  while (!(await healed(get, oldIp))) await sleep(5);
  const ms = performance.now() - started;
  done = true;
  await timer;
  return ms;
}

/** Until the reconcile instance is done (Durable answers 202 while an instance runs). */
async function idle(stack: LocalStack): Promise<void> {
  while ((await stack.durable('reconcile-contoso-prod')).status === 202) await sleep(25);
}

function line(label: string, realMs: number): string {
  const emulatorS = realMs / 1000 / timeScale;
  return `${label}: ${emulatorS.toFixed(0)} s emulator time (${realMs.toFixed(0)} ms real at time scale ${timeScale})`;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

if (!toolPath('pebble')) {
  process.stdout.write('time-to-heal needs pebble (apt-get install pebble); nothing measured\n');
  process.exit(0);
}
const stack = await startLocalStack({
  publicZones: [{ subscriptionId: SUB, resourceGroup: 'rg-dns', zone: 'contoso.example' }],
  timeScale,
});
try {
  await stack.api('POST', '/api/environments', withImportedImages(exampleInput('full')));
  for (;;) {
    const { body } = await stack.api('GET', '/api/environments/contoso-prod');
    if (body.runtimeStatus === 'Completed') break;
    if (body.runtimeStatus === 'Failed')
      throw new Error(`deployment failed: ${JSON.stringify(body)}`);
    await sleep(100);
  }
  const arm: number[] = [];
  const platform: number[] = [];
  for (let round = 0; round < rounds; round++) {
    arm.push(
      await timeToHeal(stack, () =>
        adminRequest(stack.emu, 'POST', `${APP_1}/restart?api-version=2023-05-01`),
      ),
    );
    platform.push(
      await timeToHeal(stack, () =>
        adminRequest(stack.emu, 'POST', '/_emulator/platform/restart', {
          containerGroupId: APP_1,
        }),
      ),
    );
  }
  const periodMs = TIMER_PERIOD_S * 1000 * timeScale;
  const worst = median(platform);
  process.stdout.write(
    [
      `median of ${rounds} rounds, app-1 of the full example (3 app groups + dashboard)`,
      line('ARM restart (event, waits for the new IP, writes once)', median(arm)),
      line(
        `platform restart, timer every ${TIMER_PERIOD_S} s, worst (fires ${TIMER_PERIOD_S} s after)`,
        worst,
      ),
      line('platform restart, mean (fires half a period after)', worst - periodMs / 2),
      line('platform restart, best (fires right after)', worst - periodMs),
      '',
    ].join('\n'),
  );
} finally {
  await stack.stop();
}

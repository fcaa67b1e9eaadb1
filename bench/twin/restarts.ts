// The local twin under restarts, as `npm start` runs it (default time scale 0.01): the whole example
// deployed with every group running as processes behind the local gateway, then
// - a rolling ARM restart of the three app groups (one after another, each once the previous is
//   back in the pool) while a loop sends requests through the gateway: requests sent and failed,
//   and seconds from each restart until the pool holds the group's new address, probed Healthy;
// - platform restarts (no event; the reconcile timer, every 5 min x time scale, finds them): the
//   same seconds.
// Real seconds are printed, and the Azure-time equivalent (real / time scale) as an indication
// only: process start-up, TLS handshakes and probe floors do not shrink with the time scale.
// Run: node --import tsx bench/twin/restarts.ts [timeScale] [platformRounds]
import { startTwin } from '../../test/support/twin.js';
import { appGroups, restartUntilPooled, rollingRestart } from '../../test/support/twin-restarts.js';

const timeScale = process.argv[2] ?? '0.01';
const rounds = Number(process.argv[3] ?? 3);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const fmt = (seconds: number) =>
  `${seconds.toFixed(2)} s (≈ ${(seconds / Number(timeScale) / 60).toFixed(1)} min of Azure time)`;

const twin = await startTwin({
  spec: 'examples/full.json',
  hostName: 'app.contoso.example',
  timeScale,
});
try {
  console.log(`local twin at time scale ${timeScale}: examples/full.json, 3 app groups`);
  const rolling = await rollingRestart(twin, '/');
  console.log(
    `rolling ARM restart of ${rolling.restarts.length} groups: ${rolling.requests} requests to / through the gateway, ${rolling.failed} failed`,
  );
  for (const r of rolling.restarts) {
    console.log(
      `  ${r.group.name}: ${r.group.privateIp} -> ${r.moved.privateIp}, in the pool after ${fmt(r.seconds)}`,
    );
  }
  console.log(
    `  median ARM restart -> pool: ${fmt(median(rolling.restarts.map((r) => r.seconds)))}`,
  );
  const platform: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const group = appGroups(await twin.status())[i % 3];
    if (!group) break;
    const r = await restartUntilPooled(twin, group, 'platform');
    platform.push(r.seconds);
    console.log(`platform restart of ${group.name}: in the pool after ${fmt(r.seconds)}`);
  }
  console.log(`  median platform restart -> pool: ${fmt(median(platform))}`);
} finally {
  await twin.stop();
}

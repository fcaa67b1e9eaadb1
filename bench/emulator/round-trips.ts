// SDK round trips per second against the emulator: 1,000 PUT + GET pairs of DNS record sets
// (synchronous in Azure, so every pair is exactly two HTTPS requests through the real SDK).
// Run: node --import tsx bench/emulator/round-trips.ts [pairs]
import { DnsManagementClient } from '@azure/arm-dns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../../local/emulator/index.js';

const SUB = '00000000-0000-4000-8000-00000000be4c';
const pairs = Number(process.argv[2] ?? 1000);
const credential = {
  getToken: () => Promise.resolve({ token: 'bench', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const emu = await startEmulator({
  stateDir: join(tmpdir(), 'aci-vnet-sidecars-emulator-bench'),
  timeScale: 0,
});
try {
  const options = { endpoint: emu.armUrl, tlsOptions: { ca: emu.caPem } };
  await new ResourceManagementClient(credential, SUB, options).resourceGroups.createOrUpdate(
    'rg-bench',
    { location: 'westeurope' },
  );
  const dns = new DnsManagementClient(credential, SUB, options);
  await dns.zones.createOrUpdate('rg-bench', 'bench.example', { location: 'global' });
  const started = performance.now();
  for (let i = 0; i < pairs; i += 1) {
    const name = `host-${i % 50}`;
    await dns.recordSets.createOrUpdate('rg-bench', 'bench.example', name, 'A', {
      ttl: 60,
      aRecords: [{ ipv4Address: `192.168.0.${(i % 250) + 1}` }],
    });
    await dns.recordSets.get('rg-bench', 'bench.example', name, 'A');
  }
  const seconds = (performance.now() - started) / 1000;
  const roundTrips = (pairs * 2) / seconds;
  process.stdout.write(
    `${pairs} PUT + GET pairs in ${seconds.toFixed(2)} s: ${roundTrips.toFixed(0)} SDK round trips/s (${(pairs / seconds).toFixed(0)} pairs/s; goal >= 500 round trips/s)\n`,
  );
} finally {
  await emu.stop();
}

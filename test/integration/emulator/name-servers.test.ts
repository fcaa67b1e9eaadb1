import { DnsManagementClient } from '@azure/arm-dns';
import { ResourceManagementClient } from '@azure/arm-resources';
import dns2 from 'dns2';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { adminRequest } from '../../support/admin.js';
import { armOptions, fakeCredential, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-name-servers';
const ZONE = 'contoso.example';
const NAME = '_acme-challenge.app.contoso.example';

/** The TXT values a DNS server on loopback answers for `name`, and its response code. */
async function txt(port: number, name = NAME): Promise<{ rcode: number; values: string[] }> {
  const response = await dns2.UDPClient({ dns: '127.0.0.1', port, timeout: 2000 })(
    name,
    'TXT',
    undefined,
    { recursive: false },
  );
  return {
    rcode: response.header.rcode,
    values: response.answers.map((a) => (a.data as unknown as string[]).join('')),
  };
}

void describe("the public zones' four Azure DNS name servers", () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let dns: DnsManagementClient;
  const answers = async () =>
    Promise.all(emu.nameServers.map(async (ns) => (await txt(ns.port)).values.join(',')));

  before(async () => {
    // Azure time, unscaled, on a clock that moves only when the test says so.
    emu = await startTestEmulator({ clock, timeScale: 1 });
    const options = armOptions(emu);
    await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
      RG,
      { location: 'westeurope' },
    );
    dns = new DnsManagementClient(fakeCredential, SUB, options);
    await dns.zones.createOrUpdate(RG, ZONE, { location: 'global' });
    clock.advance(60_000);
  });
  after(() => emu.stop());

  void test("are the zone's nameServers, each on its own loopback port", async () => {
    // GetZone.json lists them without the root's trailing dot, `az` with it: either is the name.
    const bare = (names: readonly string[] = []) => names.map((n) => n.replace(/\.$/, ''));
    const zone = await dns.zones.get(RG, ZONE);
    assert.deepEqual(bare(zone.nameServers), [
      'ns1-01.azure-dns.com',
      'ns2-01.azure-dns.net',
      'ns3-01.azure-dns.org',
      'ns4-01.azure-dns.info',
    ]);
    assert.deepEqual(bare(emu.nameServers.map((ns) => ns.name)), bare(zone.nameServers));
    assert.equal(new Set(emu.nameServers.map((ns) => ns.port)).size, 4);
    assert.ok(emu.nameServers.every((ns) => ns.host === '127.0.0.1'));
  });

  void test('each shows a new record only after its own delay, the slowest after 60 s', async () => {
    assert.deepEqual(
      emu.nameServers.map((ns) => ns.delayMs),
      [5_000, 20_000, 40_000, 60_000],
    );
    await dns.recordSets.createOrUpdate(RG, ZONE, '_acme-challenge.app', 'TXT', {
      ttl: 60,
      txtRecords: [{ value: ['v1'] }],
    });
    assert.deepEqual(await answers(), ['', '', '', '']);
    assert.equal((await txt(emu.nameServers[3]?.port ?? 0)).rcode, 3, 'NXDOMAIN');
    assert.deepEqual((await txt(emu.dnsPort)).values, ['v1'], "the emulator's resolver at once");
    clock.advance(5_000);
    assert.deepEqual(await answers(), ['v1', '', '', '']);
    clock.advance(15_000);
    assert.deepEqual(await answers(), ['v1', 'v1', '', '']);
    clock.advance(20_000);
    assert.deepEqual(await answers(), ['v1', 'v1', 'v1', '']);
    clock.advance(20_000);
    assert.deepEqual(await answers(), ['v1', 'v1', 'v1', 'v1']);
  });

  void test('each keeps answering the old value of a changed record, and a deleted one, until its delay', async () => {
    await dns.recordSets.createOrUpdate(RG, ZONE, '_acme-challenge.app', 'TXT', {
      ttl: 60,
      txtRecords: [{ value: ['v2'] }],
    });
    clock.advance(30_000);
    assert.deepEqual(await answers(), ['v2', 'v2', 'v1', 'v1']);
    await dns.recordSets.delete(RG, ZONE, '_acme-challenge.app', 'TXT');
    clock.advance(10_000);
    assert.deepEqual(await answers(), ['', 'v2', 'v2', 'v1']);
    clock.advance(60_000);
    assert.deepEqual(await answers(), ['', '', '', '']);
  });

  void test('a change that bypasses PUT (a PATCH) reaches them no earlier than their delay after it is first seen', async () => {
    await dns.recordSets.createOrUpdate(RG, ZONE, '_acme-challenge.app', 'TXT', {
      ttl: 60,
      txtRecords: [{ value: ['v3'] }],
    });
    clock.advance(60_000);
    await dns.recordSets.update(RG, ZONE, '_acme-challenge.app', 'TXT', {
      txtRecords: [{ value: ['v4'] }],
    });
    assert.deepEqual(await answers(), ['v3', 'v3', 'v3', 'v3']);
    clock.advance(60_000);
    assert.deepEqual(await answers(), ['v4', 'v4', 'v4', 'v4']);
  });

  void test('answer for public zones only: a private zone is refused', async () => {
    const group = `/subscriptions/${SUB}/resourcegroups/${RG}`;
    await adminRequest(
      emu,
      'PUT',
      `${group}/providers/Microsoft.Network/privateDnsZones/internal.example?api-version=2024-06-01`,
      { location: 'global' },
    );
    assert.notEqual((await txt(emu.dnsPort, 'internal.example')).rcode, 5, 'the resolver has it');
    assert.equal((await txt(emu.nameServers[0]?.port ?? 0, 'internal.example')).rcode, 5);
  });
});

void describe('name server delays', () => {
  let emu: EmulatorHandle;
  const clock = manualClock();

  before(async () => {
    emu = await startTestEmulator({
      clock,
      timeScale: 0.001,
      nameServerDelaysMs: [0, 10_000, 30_000, Infinity],
    });
    const group = `/subscriptions/${SUB}/resourcegroups/${RG}`;
    await adminRequest(emu, 'PUT', `${group}?api-version=2025-04-01`, { location: 'westeurope' });
    const zone = `${group}/providers/Microsoft.Network/dnsZones/${ZONE}`;
    await adminRequest(emu, 'PUT', `${zone}?api-version=2018-05-01`, { location: 'global' });
    await adminRequest(emu, 'PUT', `${zone}/TXT/_acme-challenge.app?api-version=2018-05-01`, {
      properties: { TTL: 60, TXTRecords: [{ value: ['v1'] }] },
    });
  });
  after(() => emu.stop());

  void test("are each configurable and run on the emulator's time scale; Infinity never arrives", async () => {
    const values = async () =>
      Promise.all(emu.nameServers.map(async (ns) => (await txt(ns.port)).values.join(',')));
    assert.deepEqual(await values(), ['v1', '', '', '']);
    clock.advance(10);
    assert.deepEqual(await values(), ['v1', 'v1', '', '']);
    clock.advance(20);
    assert.deepEqual(await values(), ['v1', 'v1', 'v1', '']);
    clock.advance(24 * 3_600_000);
    assert.deepEqual(await values(), ['v1', 'v1', 'v1', '']);
    assert.deepEqual(
      emu.nameServers.map((ns) => ns.delayMs),
      [0, 10_000, 30_000, Infinity],
    );
  });
});

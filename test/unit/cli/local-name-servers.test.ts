import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localNameServers, slowestNameServer } from '../../../src/cli/local-stack/name-servers.js';
import { nameServersSetting, readSettings } from '../../../src/settings.js';

describe("the local stack's name servers", () => {
  test('are the four Azure DNS name servers, each on its own loopback port', async () => {
    const servers = await localNameServers();
    assert.deepEqual(
      servers.map((s) => s.name),
      [
        'ns1-01.azure-dns.com.',
        'ns2-01.azure-dns.net.',
        'ns3-01.azure-dns.org.',
        'ns4-01.azure-dns.info.',
      ],
    );
    assert.equal(new Set(servers.map((s) => s.port)).size, 4);
    assert.ok(servers.every((s) => s.host === '127.0.0.1'));
  });

  test('give Pebble the slowest, which the emulator makes ns4 (60 s) by default', async () => {
    assert.equal(slowestNameServer(await localNameServers()).name, 'ns4-01.azure-dns.info.');
    assert.equal(
      slowestNameServer([
        { name: 'a', delayMs: 0 },
        { name: 'b', delayMs: Infinity },
        { name: 'c', delayMs: 10 },
      ]).name,
      'b',
    );
  });

  test("become the app's ACI_VNET_SIDECARS_NAME_SERVERS, which it reads back", async () => {
    const servers = await localNameServers();
    const read = readSettings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
      ACI_VNET_SIDECARS_NAME_SERVERS: nameServersSetting(servers),
    });
    assert.ok(read.ok, JSON.stringify(read));
    assert.deepEqual(
      [...read.settings.nameServerAddresses.values()].map((a) => a.port),
      servers.map((s) => s.port),
    );
  });
});

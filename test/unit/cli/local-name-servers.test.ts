import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AZURE_NAME_SERVERS, NAME_SERVER_DELAYS_MS } from '../../../local/emulator/index.js';
import { slowestNameServer } from '../../../src/cli/local-stack/name-servers.js';
import { nameServersSetting, readSettings } from '../../../src/settings.js';

// As the emulator reports them in its endpoints file: Azure's four names, its default delays.
const servers = AZURE_NAME_SERVERS.map((name, index) => ({
  name,
  host: '127.0.0.1',
  port: 40_001 + index,
  delayMs: NAME_SERVER_DELAYS_MS[index] ?? 0,
}));

describe("the local stack's name servers", () => {
  test('give Pebble the slowest, which the emulator makes ns4 (60 s) by default', () => {
    assert.equal(slowestNameServer(servers).name, 'ns4-01.azure-dns.info.');
    assert.equal(
      slowestNameServer([
        { name: 'a', delayMs: 0 },
        { name: 'b', delayMs: Infinity },
        { name: 'c', delayMs: 10 },
      ]).name,
      'b',
    );
  });

  test("become the app's ACI_VNET_SIDECARS_NAME_SERVERS, which it reads back", () => {
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

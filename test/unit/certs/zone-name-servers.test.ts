import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PublicDnsZone } from '../../../src/azure/public-dns.js';
import { zoneNameServers } from '../../../src/certs/zone-name-servers.js';
import { readSettings, type AppSettings } from '../../../src/settings.js';

const AZURE = [
  'ns1-01.azure-dns.com.',
  'ns2-01.azure-dns.net.',
  'ns3-01.azure-dns.org.',
  'ns4-01.azure-dns.info.',
];

function zoneListing(nameServers: string[]): PublicDnsZone {
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    zone: 'contoso.example',
    setTxt: unused,
    deleteTxt: unused,
    nameServers: () => Promise.resolve(nameServers),
  };
}

function settings(env: Record<string, string>): AppSettings {
  const read = readSettings({ ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1', ...env });
  assert.ok(read.ok, JSON.stringify(read));
  return read.settings;
}

const noResolving = () => Promise.reject(new Error('resolved a name'));

describe("the public zone's name servers", () => {
  test('are every name server the zone lists, in its order', async () => {
    const local = settings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_NAME_SERVERS: AZURE.map((n, i) => `${n}=127.0.0.1:${5301 + i}`).join(','),
    });
    const servers = await zoneNameServers(zoneListing(AZURE), local, noResolving);
    assert.deepEqual(
      servers.map((s) => s.name),
      AZURE,
    );
  });

  test('are matched to the setting whatever the trailing dot and the case', () => {
    const local = settings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_NAME_SERVERS:
        'NS1-01.Azure-DNS.com=127.0.0.1:5301, ns2-01.azure-dns.net.=127.0.0.2:53',
    });
    assert.deepEqual(
      [...local.nameServerAddresses],
      [
        ['ns1-01.azure-dns.com', { host: '127.0.0.1', port: 5301 }],
        ['ns2-01.azure-dns.net', { host: '127.0.0.2', port: 53 }],
      ],
    );
  });

  test('fail a local run, naming the setting, when the zone lists one the setting does not map', async () => {
    const local = settings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_NAME_SERVERS: 'ns1-01.azure-dns.com.=127.0.0.1:5301',
    });
    await assert.rejects(
      zoneNameServers(zoneListing(AZURE), local, noResolving),
      /\[validation\/NameServerNotMapped\] the public DNS zone contoso\.example lists the name server ns2-01\.azure-dns\.net\., which ACI_VNET_SIDECARS_NAME_SERVERS does not map to a local address \(it maps ns1-01\.azure-dns\.com\)/,
    );
  });

  test('are asked at their own address in Azure, found when asked', async () => {
    const resolved: string[] = [];
    const azure = settings({ ACI_VNET_SIDECARS_CLOUD: 'azure' });
    const servers = await zoneNameServers(zoneListing(AZURE), azure, (host) => {
      resolved.push(host);
      return Promise.reject(new Error(`cannot resolve ${host}`));
    });
    assert.deepEqual(resolved, [], 'nothing is resolved before a query');
    const ns4 = servers[3];
    assert.ok(ns4);
    await assert.rejects(ns4.lookup('_acme-challenge.contoso.example'), /ns4-01/);
    assert.deepEqual(resolved, ['ns4-01.azure-dns.info']);
  });

  test('fail when the zone lists none', async () => {
    await assert.rejects(
      zoneNameServers(zoneListing([]), settings({}), noResolving),
      /\[unexpected\/ZoneWithoutNameServers\] the public DNS zone contoso\.example lists no name servers/,
    );
  });
});

describe('the ACI_VNET_SIDECARS_NAME_SERVERS setting', () => {
  test('refuses an entry that is not name=host:port', () => {
    const read = readSettings({
      ACI_VNET_SIDECARS_CLOUD: 'azure',
      ACI_VNET_SIDECARS_NAME_SERVERS: 'ns1-01.azure-dns.com.:5301',
    });
    assert.equal(read.ok, false);
    assert.match(JSON.stringify(read), /must be name=host:port/);
  });

  test('keeps a local run on loopback', () => {
    const read = readSettings({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
      ACI_VNET_SIDECARS_NAME_SERVERS: 'ns1-01.azure-dns.com.=150.171.10.33:53',
    });
    assert.equal(read.ok, false);
    assert.match(
      JSON.stringify(read),
      /must point at 127\.0\.0\.1 when ACI_VNET_SIDECARS_CLOUD is local/,
    );
  });
});

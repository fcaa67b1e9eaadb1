import { DnsManagementClient } from '@azure/arm-dns';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import dns2 from 'dns2';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { fakeCredential, LRO, startWithResourceGroup, SUB } from './helpers.js';

const RG = 'rg-dns';

void describe('emulator DNS zones and DNS server', () => {
  let emu: EmulatorHandle;
  let publicDns: DnsManagementClient;
  let privateDns: PrivateDnsManagementClient;
  let udp: Resolver;

  before(async () => {
    const started = await startWithResourceGroup(RG);
    emu = started.emu;
    const options = started.options;
    publicDns = new DnsManagementClient(fakeCredential, SUB, options);
    privateDns = new PrivateDnsManagementClient(fakeCredential, SUB, options);
    await publicDns.zones.createOrUpdate(RG, 'example.test', { location: 'global' });
    await privateDns.privateZones.beginCreateOrUpdateAndWait(
      RG,
      'internal.example',
      { location: 'global' },
      LRO,
    );
    udp = new Resolver({ timeout: 1000, tries: 1 });
    udp.setServers([emu.dnsAddress]);
  });
  after(() => emu.stop());

  void test('creates a public zone with Azure name servers and SOA/NS record sets at the apex', async () => {
    const zone = await publicDns.zones.get(RG, 'example.test');
    assert.equal(zone.nameServers?.length, 4);
    const sets: string[] = [];
    for await (const rs of publicDns.recordSets.listByDnsZone(RG, 'example.test'))
      sets.push(`${rs.type ?? ''}:${rs.name ?? ''}`);
    assert.deepEqual(sets.sort(), [
      'Microsoft.Network/dnszones/NS:@',
      'Microsoft.Network/dnszones/SOA:@',
    ]);
  });

  void test('answers A records of a public zone over UDP', async () => {
    await publicDns.recordSets.createOrUpdate(RG, 'example.test', 'app', 'A', {
      ttl: 60,
      aRecords: [{ ipv4Address: '203.0.113.10' }],
    });
    assert.deepEqual(await udp.resolve4('app.example.test'), ['203.0.113.10']);
  });

  void test('answers TXT records over TCP', async () => {
    await publicDns.recordSets.createOrUpdate(RG, 'example.test', '_acme-challenge.app', 'TXT', {
      ttl: 60,
      txtRecords: [{ value: ['token-1'] }],
    });
    const tcp = dns2.TCPClient({ dns: '127.0.0.1', port: emu.dnsPort });
    const answer = await tcp('_acme-challenge.app.example.test', 'TXT');
    assert.deepEqual(
      answer.answers.map((a) => a.data),
      [['token-1']],
    );
  });

  void test('answers private zone A records and follows CNAMEs', async () => {
    await privateDns.recordSets.createOrUpdate(RG, 'internal.example', 'A', 'api-1', {
      ttl: 10,
      aRecords: [{ ipv4Address: '192.168.2.4' }],
    });
    await privateDns.recordSets.createOrUpdate(RG, 'internal.example', 'CNAME', 'api', {
      ttl: 10,
      cnameRecord: { cname: 'api-1.internal.example' },
    });
    assert.deepEqual(await udp.resolve4('api.internal.example'), ['192.168.2.4']);
    assert.deepEqual(await udp.resolveCname('api.internal.example'), ['api-1.internal.example']);
  });

  void test('answers SOA and NS at the apex', async () => {
    const soa = await udp.resolveSoa('example.test');
    assert.equal(soa.hostmaster, 'azuredns-hostmaster.microsoft.com');
    assert.equal((await udp.resolveNs('example.test')).length, 4);
  });

  void test('answers NXDOMAIN for a name with no record set', async () => {
    await assert.rejects(udp.resolve4('missing.example.test'), { code: 'ENOTFOUND' });
  });

  void test('refuses a record set write whose If-Match etag is stale', async () => {
    const current = await publicDns.recordSets.get(RG, 'example.test', 'app', 'A');
    await publicDns.recordSets.createOrUpdate(
      RG,
      'example.test',
      'app',
      'A',
      { ttl: 60, aRecords: [{ ipv4Address: '203.0.113.11' }] },
      { ifMatch: current.etag },
    );
    await assert.rejects(
      publicDns.recordSets.createOrUpdate(
        RG,
        'example.test',
        'app',
        'A',
        { ttl: 60, aRecords: [{ ipv4Address: '203.0.113.12' }] },
        { ifMatch: current.etag },
      ),
      {
        statusCode: 412,
        code: 'PreconditionFailed',
        message: 'The Record set app has been modified (etag mismatch).',
      },
    );
    assert.deepEqual(await udp.resolve4('app.example.test'), ['203.0.113.11']);
  });

  void test('refuses a record set delete whose If-Match etag is stale, keeping the record', async () => {
    await assert.rejects(
      publicDns.recordSets.delete(RG, 'example.test', 'app', 'A', { ifMatch: '"stale"' }),
      {
        statusCode: 412,
        code: 'PreconditionFailed',
        message: 'The Record set app has been modified (etag mismatch).',
      },
    );
    assert.deepEqual(await udp.resolve4('app.example.test'), ['203.0.113.11']);
  });

  void test('refuses to create a record set that exists when If-None-Match is *', async () => {
    await assert.rejects(
      publicDns.recordSets.createOrUpdate(
        RG,
        'example.test',
        'app',
        'A',
        { ttl: 60, aRecords: [] },
        { ifNoneMatch: '*' },
      ),
      {
        statusCode: 412,
        code: 'PreconditionFailed',
        message: 'The Record set app exists already and hence cannot be created again.',
      },
    );
    assert.deepEqual(await udp.resolve4('app.example.test'), ['203.0.113.11']);
  });

  void test('creates a record set that does not exist yet when If-None-Match is *, once', async () => {
    const created = await publicDns.recordSets.createOrUpdate(
      RG,
      'example.test',
      'new',
      'CNAME',
      { ttl: 60, cnameRecord: { cname: 'elsewhere.example.test' } },
      { ifNoneMatch: '*' },
    );
    assert.ok(created.etag);
    await assert.rejects(
      publicDns.recordSets.createOrUpdate(
        RG,
        'example.test',
        'new',
        'CNAME',
        { ttl: 60, cnameRecord: { cname: 'mine.example.test' } },
        { ifNoneMatch: '*' },
      ),
      {
        statusCode: 412,
        message: 'The Record set new exists already and hence cannot be created again.',
      },
    );
  });

  void test('answers a private record set write If-None-Match * or If-Match a stale etag with 412', async () => {
    const created = await privateDns.recordSets.createOrUpdate(
      RG,
      'internal.example',
      'A',
      'db',
      { ttl: 10, aRecords: [{ ipv4Address: '192.168.3.4' }] },
      { ifNoneMatch: '*' },
    );
    await assert.rejects(
      privateDns.recordSets.createOrUpdate(
        RG,
        'internal.example',
        'A',
        'db',
        { ttl: 10, aRecords: [{ ipv4Address: '192.168.3.5' }] },
        { ifNoneMatch: '*' },
      ),
      {
        statusCode: 412,
        message: 'The Record set db exists already and hence cannot be created again.',
      },
    );
    await privateDns.recordSets.createOrUpdate(
      RG,
      'internal.example',
      'A',
      'db',
      { ttl: 10, aRecords: [{ ipv4Address: '192.168.3.6' }] },
      { ifMatch: created.etag },
    );
    await assert.rejects(
      privateDns.recordSets.delete(RG, 'internal.example', 'A', 'db', { ifMatch: created.etag }),
      { statusCode: 412, message: 'The Record set db has been modified (etag mismatch).' },
    );
    assert.deepEqual(await udp.resolve4('db.internal.example'), ['192.168.3.6']);
  });

  void test('stops answering a record set once it is deleted', async () => {
    await publicDns.recordSets.delete(RG, 'example.test', '_acme-challenge.app', 'TXT');
    await assert.rejects(udp.resolveTxt('_acme-challenge.app.example.test'), { code: 'ENOTFOUND' });
  });
});

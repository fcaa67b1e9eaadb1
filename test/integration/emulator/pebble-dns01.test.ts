import { DnsManagementClient } from '@azure/arm-dns';
import { ResourceManagementClient } from '@azure/arm-resources';
import acme from 'acme-client';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { armOptions, fakeCredential, startTestEmulator, STATE_DIR, SUB } from './helpers.js';
import { startPebble, type Pebble } from '../../support/pebble.js';
import { skipWithout } from '../../support/requires.js';
import { commonNameOf } from './test-certificates.js';

const RG = 'rg-acme';
const ZONE = 'emulator.example.com';
const skip = skipWithout('pebble');

void describe('ACME DNS-01 through the emulator DNS server', { skip }, () => {
  let emu: EmulatorHandle;
  let pebble: Pebble;
  let dns: DnsManagementClient;

  before(async () => {
    emu = await startTestEmulator();
    pebble = await startPebble({ stateDir: STATE_DIR, caPem: emu.caPem, dnsPort: emu.dnsPort });
    const options = armOptions(emu);
    await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
      RG,
      { location: 'westeurope' },
    );
    dns = new DnsManagementClient(fakeCredential, SUB, options);
    await dns.zones.createOrUpdate(RG, ZONE, { location: 'global' });
    acme.axios.defaults.httpsAgent = new Agent({ ca: emu.caPem });
  });
  after(async () => {
    pebble?.stop();
    await emu?.stop();
  });

  void test('issues a certificate from Pebble with TXT records written through arm-dns', async () => {
    const client = new acme.Client({
      directoryUrl: pebble.directoryUrl,
      accountKey: await acme.crypto.createPrivateKey(),
    });
    const [, csr] = await acme.crypto.createCsr({ commonName: `app.${ZONE}` });
    const written: string[] = [];
    const certificate = await client.auto({
      csr,
      termsOfServiceAgreed: true,
      challengePriority: ['dns-01'],
      skipChallengeVerification: true,
      challengeCreateFn: async (authz, _challenge, keyAuthorization) => {
        const name = `_acme-challenge.${authz.identifier.value.slice(0, -(ZONE.length + 1))}`;
        written.push(name);
        await dns.recordSets.createOrUpdate(RG, ZONE, name, 'TXT', {
          ttl: 60,
          txtRecords: [{ value: [keyAuthorization] }],
        });
      },
      challengeRemoveFn: async (authz) => {
        const name = `_acme-challenge.${authz.identifier.value.slice(0, -(ZONE.length + 1))}`;
        await dns.recordSets.delete(RG, ZONE, name, 'TXT');
      },
    });
    assert.deepEqual(written, ['_acme-challenge.app']);
    assert.equal(
      commonNameOf(certificate.split(/(?<=-----END CERTIFICATE-----)/)[0] ?? ''),
      `app.${ZONE}`,
    );
  });
});

// A `_acme-challenge` TXT record set in the user's zone that is not this environment's (another
// ACME client's, a person's) is neither overwritten nor removed by an issuance.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureCertificate } from '../../../src/certs/ensure-certificate.js';
import { adminRequest } from '../../support/admin.js';
import { startCertificateRig, ZONE, type CertificateRig } from '../../support/certificate-rig.js';
import { skipWithout } from '../../support/requires.js';

const skip = skipWithout('pebble');

describe('a challenge record set that is not ours', { skip }, () => {
  let rig: CertificateRig;
  let recordId = '';

  before(async () => {
    rig = await startCertificateRig({
      stateDir: join(tmpdir(), 'avs-foreign-txt-test'),
      names: ['foreign.contoso.example'],
    });
    const group = `/subscriptions/${rig.spec.subscriptionId}/resourceGroups/${rig.spec.resourceGroup}`;
    recordId = `${group}/providers/Microsoft.Network/dnsZones/${ZONE}/TXT/_acme-challenge.foreign`;
  });
  after(() => rig?.stop());

  const record = async () =>
    (await adminRequest(rig.emu, 'GET', `${recordId}?api-version=2018-05-01`)).properties as {
      metadata?: Record<string, string>;
      TXTRecords?: { value: string[] }[];
    };

  test('is refused by name, and left with its value and metadata', async () => {
    await adminRequest(rig.emu, 'PUT', `${recordId}?api-version=2018-05-01`, {
      properties: {
        TTL: 60,
        metadata: { owner: 'another-acme-client' },
        TXTRecords: [{ value: ['their-challenge'] }],
      },
    });
    const before = await record();
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    await assert.rejects(
      ensureCertificate({
        spec: rig.spec,
        vault: rig.vault,
        zone: rig.zone,
        acmeDirectoryOverride: rig.pebble.directoryUrl,
        propagation: { ...(await rig.propagation()), log },
        now: new Date(),
        log,
      }),
      /\[validation\/NotOwned\] TXT _acme-challenge\.foreign\.contoso\.example already exists and is not this environment's: its metadata is \{owner=another-acme-client\}/,
    );
    assert.deepEqual(await record(), before, 'the foreign record set changed');
    assert.deepEqual(await rig.txtRecordsLeft(), ['_acme-challenge.foreign']);
    assert.ok(!lines.some((l) => /asking the ACME server to validate/.test(l)), lines.join('\n'));
  });
});

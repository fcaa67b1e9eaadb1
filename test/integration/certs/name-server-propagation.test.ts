// DNS-01 against a zone whose four name servers do not all have a change yet: the app answers the
// challenge only once every one of them serves the TXT record, as Pebble (like Let's Encrypt)
// validates through one of them, here the slowest.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ensureCertificate,
  type EnsureCertificateInput,
} from '../../../src/certs/ensure-certificate.js';
import { startCertificateRig, type CertificateRig } from '../../support/certificate-rig.js';
import { skipWithout } from '../../support/requires.js';

const skip = skipWithout('pebble');
const stateDir = join(tmpdir(), 'avs-name-servers-test');

async function issuance(rig: CertificateRig, lines: string[]): Promise<EnsureCertificateInput> {
  const log = (line: string) => lines.push(line);
  return {
    spec: rig.spec,
    vault: rig.vault,
    zone: rig.zone,
    acmeDirectoryOverride: rig.pebble.directoryUrl,
    // 19 polls 20 ms apart: 360 ms, more than twice what the slowest name server needs.
    propagation: { ...(await rig.propagation()), intervalMs: 20, log },
    now: new Date(),
    log,
  };
}

describe('DNS-01 with a name server slower than the others', { skip }, () => {
  let rig: CertificateRig;

  before(async () => {
    rig = await startCertificateRig({
      stateDir,
      names: ['slow.contoso.example'],
      // ns4 gets every change 150 s of Azure time later, 150 ms here; the others at once.
      emulator: { timeScale: 0.001, nameServerDelaysMs: [0, 0, 0, 150_000] },
    });
  });
  after(() => rig?.stop());

  test('waits until the slowest name server has the record before answering the challenge', async () => {
    const lines: string[] = [];
    const outcome = await ensureCertificate(await issuance(rig, lines));
    assert.equal(outcome.action, 'issued');
    assert.ok(
      lines.some((l) =>
        /^waiting for ns4-01\.azure-dns\.info\. \(_acme-challenge\.slow\.contoso\.example: no TXT record\)/.test(
          l,
        ),
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          'every name server of the zone (ns1-01.azure-dns.com., ns2-01.azure-dns.net., ns3-01.azure-dns.org., ns4-01.azure-dns.info.) answers every challenge',
        ),
      ),
      lines.join('\n'),
    );
    assert.deepEqual(await rig.txtRecordsLeft(), []);
  });
});

describe('DNS-01 with a name server that never gets the record', { skip }, () => {
  let rig: CertificateRig;

  before(async () => {
    rig = await startCertificateRig({
      stateDir,
      names: ['never.contoso.example'],
      emulator: { nameServerDelaysMs: [0, 0, 0, Infinity] },
    });
  });
  after(() => rig?.stop());

  test('gives up within its polls, naming that name server, without answering the challenge', async () => {
    const lines: string[] = [];
    const input = await issuance(rig, lines);
    const started = Date.now();
    await assert.rejects(ensureCertificate(input), (error: Error) => {
      assert.match(
        error.message,
        /^\[transient\/DnsNotPropagated\] not every authoritative name server of the zone answers the ACME challenge after 19 polls over 0\.36 s: ns4-01\.azure-dns\.info\. \(_acme-challenge\.never\.contoso\.example: no TXT record\)\. The challenge was not answered/,
      );
      assert.doesNotMatch(error.message, /ns[123]-01/);
      return true;
    });
    // 18 waits of 20 ms and 19 polls of four loopback servers: well under 5 s on any machine.
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    assert.ok(
      !lines.some((l) => l.includes('asking the ACME server to validate')),
      lines.join('\n'),
    );
    assert.deepEqual(await rig.txtRecordsLeft(), [], 'the challenge record was removed');
  });
});

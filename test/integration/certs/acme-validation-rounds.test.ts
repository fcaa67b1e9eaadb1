// A validation that fails although every name server the app asked had the record: Let's Encrypt
// reaches Azure DNS through Anycast ("you might talk to a different server (and get a different
// answer) than Let's Encrypt does", letsencrypt.org/docs/challenge-types). Here the app's view of
// ns4 is answered by ns1, while Pebble asks the real ns4, which never gets the record.
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureCertificate } from '../../../src/certs/ensure-certificate.js';
import { adminRequest } from '../../support/admin.js';
import { startCertificateRig, type CertificateRig } from '../../support/certificate-rig.js';
import { skipWithout } from '../../support/requires.js';

const skip = skipWithout('pebble');

describe('a failed DNS-01 validation', { skip }, () => {
  let rig: CertificateRig;

  before(async () => {
    rig = await startCertificateRig({
      stateDir: join(tmpdir(), 'avs-validation-rounds-test'),
      names: ['rounds.contoso.example'],
      emulator: { nameServerDelaysMs: [0, 0, 0, Infinity] },
    });
  });
  after(() => rig?.stop());

  /** The challenge record writes the emulator received (one per round). */
  async function challengeWrites(): Promise<number> {
    const log = (await adminRequest(rig.emu, 'GET', '/_emulator/requests')).value as {
      method: string;
      path: string;
    }[];
    return log.filter((r) => r.method === 'PUT' && /\/TXT\/_acme-challenge\.rounds$/i.test(r.path))
      .length;
  }

  test("is answered once more with a new order, then fails for good with the ACME server's reason", async () => {
    const propagation = await rig.propagation();
    const [ns1] = propagation.nameServers;
    assert.ok(ns1);
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const issuing = ensureCertificate({
      spec: rig.spec,
      vault: rig.vault,
      zone: rig.zone,
      acmeDirectoryOverride: rig.pebble.directoryUrl,
      propagation: {
        ...propagation,
        nameServers: propagation.nameServers.map((ns) =>
          ns.name === 'ns4-01.azure-dns.info.' ? { ...ns, lookup: ns1.lookup } : ns,
        ),
        log,
      },
      now: new Date(),
      log,
    });
    await assert.rejects(issuing, (error: Error) => {
      assert.match(
        error.message,
        /^\[validation\/AcmeValidationFailed\] the ACME server https:\/\/127\.0\.0\.1:\d+\/dir failed to validate the challenge in 2 rounds, although every authoritative name server of the zone answered it before each \(rounds\.contoso\.example: .+; rounds\.contoso\.example: .+\)\. Not retried, to stay under Let's Encrypt's limit of 5 failed validations per identifier per account per hour/,
      );
      // Pebble's own reason: it looked the record up on ns4 and found none.
      assert.match(error.message, /DNS lookup for \\"_acme-challenge\.rounds\.contoso\.example/);
      return true;
    });
    assert.equal(await challengeWrites(), 2, 'two rounds, each with its own order and record');
    assert.ok(
      lines.some((l) =>
        /^the ACME server could not validate rounds\.contoso\.example: .+; answering once more with a new order \(round 2 of 2\)$/.test(
          l,
        ),
      ),
      lines.join('\n'),
    );
    assert.deepEqual(await rig.txtRecordsLeft(), []);
  });

  test('leaves nothing for Durable to retry once a validation failed: a later transient failure is final', async () => {
    const propagation = await rig.propagation();
    const [ns1] = propagation.nameServers;
    assert.ok(ns1);
    let asked = 0;
    // Round 1: the app's ns4 answers like ns1 (Pebble's does not); round 2: it never answers.
    const ns4 = (fqdn: string) => (asked++ === 0 ? ns1.lookup(fqdn) : Promise.resolve([]));
    const spec = {
      ...rig.spec,
      certificates: { ...rig.spec.certificates, names: ['again.contoso.example'] },
    };
    await assert.rejects(
      ensureCertificate({
        spec,
        vault: rig.vault,
        zone: rig.zone,
        acmeDirectoryOverride: rig.pebble.directoryUrl,
        propagation: {
          ...propagation,
          nameServers: propagation.nameServers.map((ns) =>
            ns.name === 'ns4-01.azure-dns.info.' ? { ...ns, lookup: ns4 } : ns,
          ),
        },
        now: new Date(),
        log: () => undefined,
      }),
      /\[validation\/AcmeValidationFailed\] the ACME server \S+ failed to validate the challenge \(again\.contoso\.example: .+\), and the next round stopped: not every authoritative name server of the zone answers the ACME challenge after 19 polls .*ns4-01\.azure-dns\.info\. \(_acme-challenge\.again\.contoso\.example: no TXT record\)/,
    );
    assert.deepEqual(await rig.txtRecordsLeft(), []);
  });
});

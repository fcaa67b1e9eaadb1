import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { CERTIFICATE_TAGS, certificateTags } from '../../../src/certs/certificate-tags.js';
import {
  ensureCertificate,
  type EnsureCertificateInput,
} from '../../../src/certs/ensure-certificate.js';
import type { EnvironmentSpec } from '../../../src/spec/index.js';
import { startCertificateRig, type CertificateRig } from '../../support/certificate-rig.js';
import type { Pebble } from '../../support/pebble.js';
import { skipWithout } from '../../support/requires.js';
import { adminRequest } from '../../support/admin.js';
import { certificateFor } from '../../support/certificates.js';

const skip = skipWithout('pebble');

/** The private key inside a base64 PKCS#12 (no password), as node:crypto describes it. */
function pkcs12Key(base64: string): { type: string; bits?: number; curve?: string } {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(base64)), '');
  const shrouded = forge.pki.oids.pkcs8ShroudedKeyBag ?? '';
  const bag = p12.getBags({ bagType: shrouded })[shrouded]?.[0];
  // forge parses RSA keys itself (bag.key) and leaves others as ASN.1 (bag.asn1).
  const pem = bag?.key
    ? forge.pki.privateKeyInfoToPem(
        forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)),
      )
    : undefined;
  const key = pem
    ? createPrivateKey(pem)
    : createPrivateKey({
        key: Buffer.from(bag?.asn1 ? forge.asn1.toDer(bag.asn1).getBytes() : '', 'binary'),
        format: 'der',
        type: 'pkcs8',
      });
  return {
    type: key.asymmetricKeyType ?? '?',
    bits: key.asymmetricKeyDetails?.modulusLength,
    curve: key.asymmetricKeyDetails?.namedCurve,
  };
}

describe('certificates from an ACME server into Key Vault', { skip }, () => {
  let rig: CertificateRig;
  let emu: EmulatorHandle;
  let pebble: Pebble;
  let spec: EnvironmentSpec;
  let input: () => EnsureCertificateInput;
  let readAccountKey: () => Promise<string | undefined>;
  let txtRecordsLeft: () => Promise<string[]>;
  const secretWrites: string[] = [];

  before(async () => {
    rig = await startCertificateRig({
      stateDir: join(tmpdir(), 'avs-certs-test'),
      names: ['app.contoso.example', '*.app.contoso.example'],
    });
    ({ emu, pebble, spec, txtRecordsLeft } = rig);
    const vault = rig.vault;
    readAccountKey = () => vault.getSecret(spec.names.acmeAccountKeySecret);
    const propagation = await rig.propagation();
    input = () => ({
      spec,
      // Every secret write is recorded: the account key must be written once, then reused.
      vault: {
        ...vault,
        setSecret: (name: string, value: string, contentType: string) => {
          secretWrites.push(name);
          return vault.setSecret(name, value, contentType);
        },
      },
      zone: rig.zone,
      acmeDirectoryOverride: pebble.directoryUrl,
      propagation,
      now: new Date(),
      log: () => undefined,
    });
  });

  after(() => rig?.stop());

  /** Key Vault data-plane requests to the certificate (the emulator's request log). */
  async function certificateRequests(name = 'app-contoso-example'): Promise<string[]> {
    const log = (await adminRequest(emu, 'GET', '/_emulator/requests')).value as {
      method: string;
      path: string;
      service: string;
    }[];
    return log
      .filter((r) => r.service === 'keyvault' && r.path.startsWith(`/certificates/${name}`))
      .map((r) => `${r.method} ${r.path.replace(`/certificates/${name}`, '')}`);
  }

  test("issues through Key Vault's CSR flow: the key is made in the vault, the chain merged as PKCS#12", async () => {
    const outcome = await ensureCertificate(input());
    assert.equal(outcome.action, 'issued');
    assert.deepEqual([...outcome.certificate.names].sort(), [
      '*.app.contoso.example',
      'app.contoso.example',
    ]);
    assert.equal(outcome.certificate.contentType, 'application/x-pkcs12');
    assert.equal(outcome.certificate.tags[CERTIFICATE_TAGS.issuer], 'aci-vnet-sidecars');
    assert.equal(outcome.certificate.tags[CERTIFICATE_TAGS.directory], pebble.directoryUrl);
    assert.match(outcome.certificate.secretId, /\/secrets\/app-contoso-example$/);
    const requests = await certificateRequests();
    assert.ok(requests.includes('POST /create'), requests.join('\n'));
    assert.ok(requests.includes('POST /pending/merge'), requests.join('\n'));
    assert.ok(!requests.some((r) => r.endsWith('/import')), 'nothing was imported');
    assert.deepEqual(await txtRecordsLeft(), [], 'challenge records were left in the zone');
    assert.deepEqual(
      secretWrites,
      ['acme-account-key'],
      'the new account key is kept in the vault',
    );
    const secret = await input().vault.getSecretVersion('app-contoso-example');
    assert.equal(secret?.contentType, 'application/x-pkcs12');
  });

  test('keeps a valid certificate instead of issuing again', async () => {
    const before = await input().vault.getCertificate('app-contoso-example');
    const outcome = await ensureCertificate(input());
    assert.equal(outcome.action, 'kept');
    assert.equal(outcome.certificate.version, before?.version, 'no new version in the vault');
  });

  test('re-issues when the certificate is due for renewal, reusing the same ACME account', async () => {
    const accountKey = await readAccountKey();
    assert.ok(accountKey, 'the first issuance stored the account key in the vault');
    const writes = secretWrites.length;
    const held = await ensureCertificate(input());
    const dueAt =
      held.certificate.notAfter.getTime() - (spec.certificates.renewBeforeDays - 1) * 86_400_000;
    const late = { ...input(), now: new Date(dueAt) };
    const outcome = await ensureCertificate(late);
    assert.equal(outcome.action, 'issued');
    assert.equal(outcome.action === 'issued' ? outcome.reason : '', 'DueForRenewal');
    assert.notEqual(outcome.certificate.version, held.certificate.version, 'a new version');
    assert.equal(await readAccountKey(), accountKey, 'the same account key');
    assert.deepEqual(secretWrites.slice(writes), [], 'no new account key was written');
  });

  for (const keyType of ['rsa-2048', 'ec-p384'] as const) {
    test(`asks Key Vault for the spec's key type (${keyType})`, async () => {
      const name = `keys-${keyType}`;
      const names = [`${keyType}.contoso.example`];
      const typed = {
        ...input(),
        spec: {
          ...spec,
          names: { ...spec.names, certificate: name },
          certificates: { ...spec.certificates, keyType, names },
        },
      };
      const outcome = await ensureCertificate(typed);
      assert.equal(outcome.action, 'issued');
      const pfx = await typed.vault.getSecretVersion(name);
      const key = pkcs12Key(pfx?.value ?? '');
      assert.equal(key.type, keyType.startsWith('rsa') ? 'rsa' : 'ec');
      if (key.type === 'rsa') assert.equal(key.bits, 2048);
      else assert.equal(key.curve, 'secp384r1');
    });
  }

  test('resumes the request a crashed run left pending instead of making a second key', async () => {
    const names = ['resume.contoso.example'];
    const resumed = {
      ...input(),
      spec: {
        ...spec,
        names: { ...spec.names, certificate: 'resume-contoso-example' },
        certificates: { ...spec.certificates, names },
      },
    };
    // A run that asked Key Vault for the key and its CSR, then died before ACME answered.
    const left = await resumed.vault.requestCertificate('resume-contoso-example', {
      dnsNames: names,
      keyType: 'ec-p256',
      tags: {},
    });
    const lines: string[] = [];
    const outcome = await ensureCertificate({ ...resumed, log: (l) => lines.push(l) });
    assert.equal(outcome.action, 'issued');
    assert.ok(lines.some((l) => l.startsWith('resuming the request for resume-contoso-example')));
    assert.deepEqual(
      (await certificateRequests('resume-contoso-example')).filter((r) => r === 'POST /create'),
      ['POST /create'],
      'one key only: the crashed run made it',
    );
    const merged = await resumed.vault.getSecretVersion('resume-contoso-example');
    assert.ok(merged);
    assert.match(left.csrPem, /BEGIN CERTIFICATE REQUEST/);
  });

  test('replaces a PEM certificate an earlier version imported with a PKCS#12 one', async () => {
    const names = ['legacy.contoso.example'];
    const legacy = {
      ...input(),
      spec: {
        ...spec,
        names: { ...spec.names, certificate: 'legacy-contoso-example' },
        certificates: { ...spec.certificates, names },
      },
    };
    const directory = pebble.directoryUrl;
    await legacy.vault.importPemCertificate(
      'legacy-contoso-example',
      certificateFor(names, new Date(Date.now() + 80 * 86_400_000)),
      certificateTags(names, directory),
    );
    const outcome = await ensureCertificate(legacy);
    assert.equal(outcome.action === 'issued' ? outcome.reason : outcome.action, 'NotPkcs12');
    assert.equal(outcome.certificate.contentType, 'application/x-pkcs12');
  });

  test('removes the challenge records when DNS never answers them', async () => {
    // A name the ACME server has never validated: a valid authorization it still holds for an
    // earlier name would let the order skip the challenge altogether.
    const fresh = `never-${process.pid}-${Date.now()}.contoso.example`;
    const silent = {
      ...input(),
      spec: { ...spec, certificates: { ...spec.certificates, names: [fresh] } },
    };
    silent.propagation = {
      ...silent.propagation,
      nameServers: [{ name: 'ns1-01.azure-dns.com.', lookup: () => Promise.resolve([]) }],
      attempts: 2,
    };
    await assert.rejects(
      ensureCertificate(silent),
      new RegExp(
        `\\[transient/DnsNotPropagated\\] not every authoritative name server of the zone answers the ACME challenge after 2 polls .*: ns1-01\\.azure-dns\\.com\\. \\(_acme-challenge\\.${fresh.replace(/\./g, '\\.')}: no TXT record\\)`,
      ),
    );
    assert.deepEqual(await txtRecordsLeft(), []);
  });
});

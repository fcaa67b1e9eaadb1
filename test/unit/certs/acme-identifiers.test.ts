// DNS-01 writes a TXT record only for the certificate's own names, whatever the ACME server asks
// to prove: a directory answering an order with an authorization for another name of the zone
// (a custom or compromised one) gets no record for it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import acme from 'acme-client';
import type { PublicDnsZone } from '../../../src/azure/public-dns.js';
import { issueCertificate } from '../../../src/certs/acme-issue.js';
import { identifiersOutside } from '../../../src/certs/challenge-records.js';

type Patched =
  'createAccount' | 'createOrder' | 'getAuthorizations' | 'getChallengeKeyAuthorization';

/** An ACME server that answers every order with authorizations for `asked`, whatever was ordered. */
function directoryAsking(asked: { value: string; wildcard?: boolean }[]) {
  const proto = acme.Client.prototype as unknown as Record<Patched, unknown>;
  const saved = { ...proto };
  const stub: Record<Patched, unknown> = {
    createAccount: () => Promise.resolve({}),
    createOrder: () => Promise.resolve({ url: 'https://acme.test/order/1', authorizations: [] }),
    getAuthorizations: () =>
      Promise.resolve(
        asked.map((a, i) => ({
          url: `https://acme.test/authz/${i}`,
          status: 'pending',
          identifier: { type: 'dns', value: a.value },
          wildcard: a.wildcard ?? false,
          challenges: [{ type: 'dns-01', url: `https://acme.test/chall/${i}`, token: `t${i}` }],
        })),
      ),
    getChallengeKeyAuthorization: () => Promise.resolve('key-authorization-digest'),
  };
  return {
    install: () => Object.assign(proto, stub),
    restore: () =>
      Object.assign(proto, {
        createAccount: saved.createAccount,
        createOrder: saved.createOrder,
        getAuthorizations: saved.getAuthorizations,
        getChallengeKeyAuthorization: saved.getChallengeKeyAuthorization,
      }),
  };
}

function recordingZone(): { zone: PublicDnsZone; written: string[] } {
  const written: string[] = [];
  return {
    written,
    zone: {
      zone: 'contoso.example',
      setTxt: (name) => {
        written.push(name);
        return Promise.resolve();
      },
      deleteTxt: () => Promise.resolve(),
      nameServers: () => Promise.resolve([]),
    },
  };
}

describe('DNS-01 challenges for identifiers outside the spec', () => {
  const directory = directoryAsking([
    { value: 'app.contoso.example' },
    { value: 'payments.contoso.example' },
    { value: 'contoso.example', wildcard: true },
  ]);
  let accountKey = '';
  before(async () => {
    accountKey = (await acme.crypto.createPrivateEcdsaKey('P-256')).toString();
    directory.install();
  });
  after(() => directory.restore());

  test('are refused, naming them, before any TXT record is written', async () => {
    const { zone, written } = recordingZone();
    await assert.rejects(
      issueCertificate({
        directoryUrl: 'https://acme.test/directory',
        email: 'ops@contoso.example',
        names: ['app.contoso.example', '*.app.contoso.example'],
        csrPem: 'unused',
        accountKey,
        zone,
        challengeTtl: 60,
        propagation: {
          attempts: 1,
          intervalMs: 0,
          nameServers: [],
          sleep: () => Promise.resolve(),
        },
        log: () => undefined,
      }),
      /\[validation\/AcmeIdentifierNotInSpec\] the ACME server https:\/\/acme\.test\/directory asks to prove control of payments\.contoso\.example, \*\.contoso\.example, not among the certificate's names \(app\.contoso\.example, \*\.app\.contoso\.example\): no TXT record was written/,
    );
    assert.deepEqual(written, []);
  });
});

describe('identifiers outside the certificate names', () => {
  test('match a wildcard authorization to the wildcard name only, ignoring case and a trailing dot', () => {
    const asked = [
      { identifier: 'App.Contoso.Example.', value: 'a' },
      { identifier: 'app.contoso.example', wildcard: true, value: 'b' },
      { identifier: 'www.contoso.example', wildcard: true, value: 'c' },
    ];
    assert.deepEqual(identifiersOutside(asked, ['app.contoso.example', '*.app.contoso.example']), [
      '*.www.contoso.example',
    ]);
    assert.deepEqual(identifiersOutside(asked.slice(1, 2), ['app.contoso.example']), [
      '*.app.contoso.example',
    ]);
  });
});

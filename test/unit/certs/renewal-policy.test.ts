import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { certificateTags } from '../../../src/certs/certificate-tags.js';
import { renewalDecision, type HeldCertificate } from '../../../src/certs/renewal-policy.js';

const directoryUrl = 'https://acme-v02.api.letsencrypt.org/directory';
const names = ['app.contoso.example', '*.app.contoso.example'];
const desired = { names, directoryUrl, renewBeforeDays: 30 };
const now = new Date('2026-11-26T00:00:00Z');

function held(overrides: Partial<HeldCertificate> = {}): HeldCertificate {
  return {
    names: ['*.app.contoso.example', 'app.contoso.example'],
    notAfter: new Date('2027-02-01T00:00:00Z'),
    tags: certificateTags(names, directoryUrl),
    contentType: 'application/x-pkcs12',
    ...overrides,
  };
}

describe('renewal decisions', () => {
  test('keep a certificate for the same names that is not yet within the renewal window, saying until when', () => {
    assert.deepEqual(renewalDecision(held(), desired, now), {
      due: false,
      renewAt: new Date('2027-01-02T00:00:00Z'),
      message: 'valid until 2027-02-01T00:00:00.000Z; renewal from 2027-01-02T00:00:00.000Z',
    });
  });

  test('issue when Key Vault holds nothing', () => {
    assert.deepEqual(renewalDecision(undefined, desired, now), {
      due: true,
      reason: 'Missing',
      message: 'Key Vault holds no certificate of that name',
    });
  });

  test('renew inside the renewal window', () => {
    const decision = renewalDecision(
      held({ notAfter: new Date('2026-12-20T00:00:00Z') }),
      desired,
      now,
    );
    assert.equal(decision.due && decision.reason, 'DueForRenewal');
  });

  test('re-issue an expired certificate, saying so', () => {
    const decision = renewalDecision(
      held({ notAfter: new Date('2026-11-01T00:00:00Z') }),
      desired,
      now,
    );
    assert.deepEqual(decision, {
      due: true,
      reason: 'Expired',
      message: 'it expired on 2026-11-01T00:00:00.000Z',
    });
  });

  test('re-issue a PEM certificate an earlier version imported, which the gateway cannot read', () => {
    assert.deepEqual(
      renewalDecision(held({ contentType: 'application/x-pem-file' }), desired, now),
      {
        due: true,
        reason: 'NotPkcs12',
        message:
          'its secret holds application/x-pem-file, and Application Gateway reads only application/x-pkcs12',
      },
    );
    const unknown = renewalDecision(held({ contentType: undefined }), desired, now);
    assert.equal(unknown.due && unknown.reason, 'NotPkcs12');
  });

  test('re-issue when the spec asks for other names', () => {
    const decision = renewalDecision(held(), { ...desired, names: ['app.contoso.example'] }, now);
    assert.equal(decision.due && decision.reason, 'NamesChanged');
  });

  test('re-issue when the ACME directory changed, e.g. from staging to production', () => {
    const staging = held({
      tags: certificateTags(names, 'https://acme-staging-v02.api.letsencrypt.org/directory'),
    });
    assert.equal(renewalDecision(staging, desired, now).due, true);
  });

  test('replace a certificate that someone else put under the same name', () => {
    const foreign = held({ tags: {} });
    const decision = renewalDecision(foreign, desired, now);
    assert.equal(decision.due && decision.reason, 'NotOurs');
  });

  test('renew from the first instant of the renewal window, saying when it expires', () => {
    const notAfter = new Date(now.getTime() + 30 * 86_400_000);
    assert.deepEqual(renewalDecision(held({ notAfter }), desired, now), {
      due: true,
      reason: 'DueForRenewal',
      message: 'it expires on 2026-12-26T00:00:00.000Z, within 30 days',
    });
    const tomorrow = renewalDecision(
      held({ notAfter: new Date(notAfter.getTime() + 1) }),
      desired,
      now,
    );
    assert.equal(tomorrow.due, false);
  });

  test('call a certificate expired from the instant it expires', () => {
    assert.deepEqual(renewalDecision(held({ notAfter: now }), desired, now), {
      due: true,
      reason: 'Expired',
      message: 'it expired on 2026-11-26T00:00:00.000Z',
    });
  });

  test('say which names the certificate covers and which the spec asks for, sorted', () => {
    const decision = renewalDecision(
      held({ names: ['www.contoso.example', 'app.contoso.example'] }),
      { ...desired, names: ['web.contoso.example', 'api.contoso.example'] },
      now,
    );
    assert.deepEqual(decision, {
      due: true,
      reason: 'NamesChanged',
      message:
        'it covers app.contoso.example, www.contoso.example but the spec asks for api.contoso.example, web.contoso.example',
    });
  });

  test('say which directory issued a certificate from another ACME directory', () => {
    const staging = 'https://acme-staging-v02.api.letsencrypt.org/directory';
    assert.deepEqual(
      renewalDecision(held({ tags: certificateTags(names, staging) }), desired, now),
      {
        due: true,
        reason: 'DirectoryChanged',
        message: `it was issued by ${staging}, not ${directoryUrl}`,
      },
    );
    const untagged = held({ tags: { issuer: 'aci-vnet-sidecars' } });
    assert.deepEqual(renewalDecision(untagged, desired, now), {
      due: true,
      reason: 'DirectoryChanged',
      message: `it was issued by an unknown directory, not ${directoryUrl}`,
    });
  });

  test('say that a certificate of unknown format is not one the gateway can read', () => {
    assert.deepEqual(renewalDecision(held({ contentType: undefined }), desired, now), {
      due: true,
      reason: 'NotPkcs12',
      message:
        'its secret holds an unknown format, and Application Gateway reads only application/x-pkcs12',
    });
  });

  test('say that a certificate someone else put there was not issued by this app', () => {
    assert.deepEqual(renewalDecision(held({ tags: {} }), desired, now), {
      due: true,
      reason: 'NotOurs',
      message: 'the certificate in Key Vault was not issued by aci-vnet-sidecars',
    });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { challengeRecords } from '../../../src/certs/challenge-records.js';
import { acmeDirectoryUrl } from '../../../src/certs/directory.js';

describe('DNS-01 challenge records', () => {
  test('put a name and its wildcard into one TXT record with both values', () => {
    const records = challengeRecords(
      [
        { identifier: 'app.contoso.example', value: 'v-base' },
        { identifier: 'app.contoso.example', value: 'v-wild' },
        { identifier: 'contoso.example', value: 'v-apex' },
      ],
      'contoso.example',
    );
    assert.deepEqual(records, [
      {
        relativeName: '_acme-challenge',
        fqdn: '_acme-challenge.contoso.example',
        values: ['v-apex'],
      },
      {
        relativeName: '_acme-challenge.app',
        fqdn: '_acme-challenge.app.contoso.example',
        values: ['v-base', 'v-wild'],
      },
    ]);
  });

  test('refuse a name outside the zone', () => {
    assert.throws(
      () =>
        challengeRecords([{ identifier: 'app.fabrikam.example', value: 'v' }], 'contoso.example'),
      /not inside the zone/,
    );
  });
});

describe('ACME directories', () => {
  test('map the spec shorthands to LetsEncrypt and let the app setting override them', () => {
    assert.equal(
      acmeDirectoryUrl('letsencrypt', undefined),
      'https://acme-v02.api.letsencrypt.org/directory',
    );
    assert.equal(
      acmeDirectoryUrl('letsencrypt-staging', undefined),
      'https://acme-staging-v02.api.letsencrypt.org/directory',
    );
    assert.equal(
      acmeDirectoryUrl('https://ca.example/dir', undefined, ['https://ca.example/dir']),
      'https://ca.example/dir',
    );
    assert.equal(
      acmeDirectoryUrl('letsencrypt', 'https://127.0.0.1:14000/dir'),
      'https://127.0.0.1:14000/dir',
    );
  });
});

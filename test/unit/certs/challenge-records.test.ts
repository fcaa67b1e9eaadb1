import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { challengeRecords } from '../../../src/certs/challenge-records.js';
import { acmeDirectoryUrl } from '../../../src/certs/directory.js';
import { waitForTxtRecords } from '../../../src/certs/propagation.js';

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

describe('waiting for DNS', () => {
  const records = challengeRecords(
    [{ identifier: 'app.contoso.example', value: 'v1' }],
    'contoso.example',
  );

  test('returns as soon as the authoritative server answers every value', async () => {
    const answers = [[], ['old'], ['v1']];
    let slept = 0;
    const attempts = await waitForTxtRecords(records, {
      lookup: () => Promise.resolve(answers.shift() ?? []),
      sleep: () => {
        slept += 1;
        return Promise.resolve();
      },
      attempts: 10,
      intervalMs: 5000,
    });
    assert.equal(attempts, 3);
    assert.equal(slept, 2);
  });

  test('treats a failing lookup as not answered yet', async () => {
    let calls = 0;
    const attempts = await waitForTxtRecords(records, {
      lookup: () =>
        ++calls === 1 ? Promise.reject(new Error('timeout')) : Promise.resolve(['v1']),
      sleep: () => Promise.resolve(),
      attempts: 3,
      intervalMs: 0,
    });
    assert.equal(attempts, 2);
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
    assert.equal(acmeDirectoryUrl('https://ca.example/dir', undefined), 'https://ca.example/dir');
    assert.equal(
      acmeDirectoryUrl('letsencrypt', 'https://127.0.0.1:14000/dir'),
      'https://127.0.0.1:14000/dir',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { acmeDirectoryUrl } from '../../../src/certs/directory.js';
import { classifyFailure } from '../../../src/errors.js';

const ROGUE = 'https://acme.attacker.example/directory';

describe('the ACME directory a certificate is issued from', () => {
  test('is refused, before any ACME request, when the operator no longer allows it', () => {
    assert.throws(
      () => acmeDirectoryUrl(ROGUE, undefined, []),
      (error: unknown) => {
        assert.deepEqual(classifyFailure(error), {
          kind: 'validation',
          code: 'AcmeDirectoryNotAllowed',
          message: `certificates.acmeDirectory ${ROGUE} is not an allowed ACME directory: use letsencrypt or letsencrypt-staging, or ask the operator of this app to add it to ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES`,
        });
        return true;
      },
    );
  });

  test('is refused even when a local run overrides every directory with Pebble', () => {
    assert.throws(() => acmeDirectoryUrl(ROGUE, 'https://127.0.0.1:14000/dir', []), {
      message: /AcmeDirectoryNotAllowed/,
    });
  });

  test('is the allowed directory itself', () => {
    assert.equal(acmeDirectoryUrl(ROGUE, undefined, [ROGUE]), ROGUE);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LETS_ENCRYPT_STAGING_ROOTS } from '../../src/plan/lets-encrypt-staging-roots.js';
import { readSettings } from '../../src/settings.js';
import { certificateFor } from '../support/certificates.js';

const ROOT = LETS_ENCRYPT_STAGING_ROOTS[1].data;
const LOCAL = {
  ACI_VNET_SIDECARS_CLOUD: 'local',
  ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
};

function problems(env: Record<string, string>) {
  const read = readSettings(env);
  return read.ok ? [] : read.problems;
}

describe('app settings for ACME directories', () => {
  test('read the allowed directories and their roots, comma-separated', () => {
    const read = readSettings({
      ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES:
        ' https://ca.contoso.example/acme/directory , https://ca2.contoso.example/dir',
      ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS: `${ROOT},`,
    });
    assert.ok(read.ok, JSON.stringify(read));
    assert.deepEqual(read.settings.acmeDirectories, {
      allowed: ['https://ca.contoso.example/acme/directory', 'https://ca2.contoso.example/dir'],
      trustedRoots: [ROOT],
    });
  });

  test("allow only Let's Encrypt's when unset", () => {
    const read = readSettings({});
    assert.ok(read.ok);
    assert.deepEqual(read.settings.acmeDirectories, { allowed: [], trustedRoots: [] });
  });

  test('refuse an allowed directory that is not an https URL, quoting it', () => {
    assert.deepEqual(
      problems({ ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES: 'http://ca.contoso.example/dir' }),
      [
        {
          path: 'ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES',
          message: '"http://ca.contoso.example/dir" must be an https:// ACME directory URL',
        },
      ],
    );
  });

  test('refuse a root that is not base64, not a certificate, or not a CA', () => {
    const cut = LETS_ENCRYPT_STAGING_ROOTS[0].data.slice(0, 40);
    const pem = certificateFor(['app.contoso.example'], new Date('2027-01-01T00:00:00Z'));
    const leaf = pem
      .slice(pem.indexOf('-----BEGIN CERTIFICATE-----'))
      .replace(/-----[A-Z ]+-----|\s+/g, '');
    assert.deepEqual(
      problems({ ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS: `not base64!,${cut},${leaf}` }).map(
        (p) => p.message,
      ),
      [
        'entry 1 is not base64',
        'entry 2 is not a DER certificate',
        'entry 3 (CN=app.contoso.example) is not a CA certificate',
      ],
    );
  });

  test('refuse the directory override outside a local run', () => {
    assert.deepEqual(
      problems({ ACI_VNET_SIDECARS_ACME_DIRECTORY: 'https://127.0.0.1:14000/dir' }),
      [
        {
          path: 'ACI_VNET_SIDECARS_ACME_DIRECTORY',
          message:
            "is for local runs only (ACI_VNET_SIDECARS_CLOUD local); in Azure each spec names its directory, Let's Encrypt's or one listed in ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES",
        },
      ],
    );
    assert.deepEqual(
      problems({ ...LOCAL, ACI_VNET_SIDECARS_ACME_DIRECTORY: 'https://127.0.0.1:14000/dir' }),
      [],
    );
  });
});

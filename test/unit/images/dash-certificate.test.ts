import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  certificateExpiry,
  readCertificateExpiry,
  WARN_DAYS,
} from '../../../images/dash/src/certificate-expiry.js';
import { readDashboardConfig } from '../../../images/dash/src/config.js';
import { AppError } from '../../../src/errors.js';

const NOW = new Date('2026-11-26T10:00:00Z');
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
const OBJECT_ID = '9f3c2a10-5b7e-4c1d-8e2f-1a2b3c4d5e6f';

describe('dashboard image: certificate expiry', () => {
  test('reports the days left on the newest version, and warns from WARN_DAYS before expiry', () => {
    assert.deepEqual(certificateExpiry('app-cert', { version: 'v2', expiresOn: days(60) }, NOW), {
      state: 'valid',
      name: 'app-cert',
      version: 'v2',
      expiresOn: '2027-01-25T10:00:00.000Z',
      daysLeft: 60,
    });
    assert.equal(
      certificateExpiry('c', { version: 'v', expiresOn: days(WARN_DAYS) }, NOW).state,
      'valid',
    );
    assert.equal(
      certificateExpiry('c', { version: 'v', expiresOn: days(WARN_DAYS - 0.5) }, NOW).state,
      'expiring',
    );
    const expired = certificateExpiry('c', { version: 'v', expiresOn: days(-2) }, NOW);
    assert.deepEqual([expired.state, 'daysLeft' in expired && expired.daysLeft], ['expired', -2]);
  });

  test('says a certificate not yet issued, or a secret without exp, has no known expiry', () => {
    assert.deepEqual(certificateExpiry('c', undefined, NOW), {
      state: 'unknown',
      name: 'c',
      reason: 'not in Key Vault yet (the deployment issues it)',
    });
    assert.equal(
      certificateExpiry('c', { version: 'v', expiresOn: undefined }, NOW).state,
      'unknown',
    );
  });

  test('turns a failed read into a generic reason and logs what Key Vault said', async () => {
    const logged: string[] = [];
    const expiry = await readCertificateExpiry(
      {
        latestVersion: () =>
          Promise.reject(
            new AppError(
              'forbidden',
              'VaultForbidden',
              `Caller is not authorized. ObjectId: ${OBJECT_ID}`,
            ),
          ),
      },
      'app-cert',
      () => NOW,
      (line) => logged.push(line),
    );
    assert.deepEqual(expiry, {
      state: 'unknown',
      name: 'app-cert',
      reason: 'could not be read; the details are in the dashboard log',
    });
    assert.doesNotMatch(JSON.stringify(expiry), new RegExp(OBJECT_ID));
    assert.match(
      logged[0] ?? '',
      new RegExp(`certificate app-cert failed: forbidden/VaultForbidden: .*${OBJECT_ID}`),
    );
  });
});

describe('dashboard image: configuration', () => {
  const IDS =
    '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/a, /subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/b';

  test('reads the groups, the subscription and the certificate to show', () => {
    const result = readDashboardConfig({
      CONTAINER_GROUP_IDS: IDS,
      ENVIRONMENT_NAME: 'contoso',
      KEY_VAULT_URL: 'https://kv-contoso.vault.azure.net/',
      CERTIFICATE_NAME: 'app-contoso-example',
    });
    assert.ok(result.ok);
    assert.equal(result.config.subscriptionId, 's1');
    assert.equal(result.config.groupIds.length, 2);
    assert.deepEqual(result.config.certificate, {
      vaultUrl: 'https://kv-contoso.vault.azure.net/',
      name: 'app-contoso-example',
    });
  });

  test('shows no certificate when neither variable is set, and lists every problem at once', () => {
    const none = readDashboardConfig({ CONTAINER_GROUP_IDS: IDS });
    assert.ok(none.ok);
    assert.equal(none.config.certificate, undefined);
    assert.deepEqual(readDashboardConfig({ CERTIFICATE_NAME: 'a b' }), {
      ok: false,
      problems: [
        'CONTAINER_GROUP_IDS must list container group resource ids, comma-separated',
        'KEY_VAULT_URL must be the vault URL, https://<name>.vault.azure.net/',
        'CERTIFICATE_NAME must be a Key Vault object name (letters, digits, -)',
      ],
    });
  });
});

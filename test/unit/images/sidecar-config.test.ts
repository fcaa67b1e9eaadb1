import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSidecarConfig } from '../../../images/sidecar/src/config.js';
import { backoffMs, jittered } from '../../../images/sidecar/src/timing.js';

const VAULT = 'https://kv-contoso-abc12345.vault.azure.net/';

describe('sidecar image: environment and timing', () => {
  test('needs only the vault and the certificate; the rest defaults to the plan paths', () => {
    assert.deepEqual(
      readSidecarConfig({ KEY_VAULT_URL: VAULT, CERTIFICATE_NAME: 'app-contoso-example' }),
      {
        ok: true,
        config: {
          vaultUrl: VAULT,
          certificateName: 'app-contoso-example',
          tlsDir: '/etc/nginx/tls',
          nginxConfPath: '/etc/nginx/tls/nginx.conf',
          checkIntervalMs: 3_600_000,
        },
      },
    );
  });

  test('takes the paths and the interval the plan sets', () => {
    const parsed = readSidecarConfig({
      KEY_VAULT_URL: VAULT,
      CERTIFICATE_NAME: 'c',
      TLS_DIR: '/tls',
      NGINX_CONF: '/conf/nginx.conf',
      CHECK_INTERVAL_SECONDS: '300',
    });
    assert.ok(parsed.ok);
    assert.equal(parsed.config.tlsDir, '/tls');
    assert.equal(parsed.config.nginxConfPath, '/conf/nginx.conf');
    assert.equal(parsed.config.checkIntervalMs, 300_000);
  });

  test('lists every problem at once', () => {
    assert.deepEqual(
      readSidecarConfig({
        KEY_VAULT_URL: 'http://kv.example/path',
        CERTIFICATE_NAME: 'has spaces',
        TLS_DIR: 'relative/tls',
        NGINX_CONF: 'nginx.conf',
        CHECK_INTERVAL_SECONDS: '5',
      }),
      {
        ok: false,
        problems: [
          'KEY_VAULT_URL must be the vault URL, https://<name>.vault.azure.net/',
          'CERTIFICATE_NAME must be a Key Vault object name (letters, digits, -)',
          'TLS_DIR must be an absolute path',
          'NGINX_CONF must be an absolute path',
          'CHECK_INTERVAL_SECONDS must be a whole number of seconds from 10 to 86400',
        ],
      },
    );
    assert.deepEqual(readSidecarConfig({ CHECK_INTERVAL_SECONDS: '1.5' }), {
      ok: false,
      problems: [
        'KEY_VAULT_URL is not set',
        'CERTIFICATE_NAME is not set',
        'CHECK_INTERVAL_SECONDS must be a whole number of seconds from 10 to 86400',
      ],
    });
  });

  test('backs off from 5 s, doubling, capped at a minute, within ±10 %', () => {
    const middle = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 40].map((attempt) => backoffMs(attempt, middle)),
      [5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000, 60_000],
    );
    assert.equal(
      backoffMs(7, () => 0),
      54_000,
    );
    assert.equal(
      backoffMs(7, () => 1),
      66_000,
    );
  });

  test('spreads the check interval by ±10 %', () => {
    assert.equal(
      jittered(3_600_000, () => 0),
      3_240_000,
    );
    assert.equal(
      jittered(3_600_000, () => 0.5),
      3_600_000,
    );
    assert.equal(
      jittered(3_600_000, () => 1),
      3_960_000,
    );
  });
});

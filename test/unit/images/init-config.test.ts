import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readInitConfig } from '../../../images/init/src/config.js';
import { CONF, initEnv, ZONE_ID } from './init-fixtures.js';

describe('init image: environment', () => {
  test('reads the variables the plan sets, decoding nginx.conf and the subscription', () => {
    const result = readInitConfig(initEnv());
    assert.ok(result.ok);
    assert.deepEqual(result.config, {
      vaultUrl: 'https://kv-contoso-abc12345.vault.azure.net/',
      certificateName: 'app-contoso-example',
      zoneId: ZONE_ID,
      subscriptionId: '11111111-2222-3333-4444-555555555555',
      recordName: 'app-1',
      ttl: 300,
      containerGroupId: initEnv().CONTAINER_GROUP_ID,
      tlsDir: '/etc/nginx/tls',
      nginxConf: CONF,
    });
  });

  test('lists every missing or malformed variable in one answer', () => {
    const result = readInitConfig(
      initEnv({
        KEY_VAULT_URL: 'http://kv',
        PRIVATE_DNS_ZONE_ID:
          '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/dnszones/z',
        DNS_RECORD_NAME: 'bad name',
        DNS_TTL: '0',
        TLS_DIR: 'relative/tls',
        NGINX_CONF_BASE64: 'not base64!',
        CERTIFICATE_NAME: undefined,
      }),
    );
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      'KEY_VAULT_URL must be the vault URL, https://<name>.vault.azure.net/',
      'CERTIFICATE_NAME is not set',
      'PRIVATE_DNS_ZONE_ID must be the resource id of a Microsoft.Network/privateDnsZones',
      'DNS_RECORD_NAME must be a relative DNS name such as app-1',
      'DNS_TTL must be a TTL in seconds (1 or more)',
      'TLS_DIR must be an absolute path',
      'NGINX_CONF_BASE64 must be the base64 of an nginx.conf',
    ]);
  });

  test('accepts the dashboard record name and a vault URL without its trailing slash', () => {
    const result = readInitConfig(
      initEnv({ DNS_RECORD_NAME: 'dashboard', KEY_VAULT_URL: 'https://127.0.0.1:8443' }),
    );
    assert.ok(result.ok);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readInitConfig } from '../../../images/init/src/config.js';
import { CONF, initEnv } from './init-fixtures.js';

describe('init image: environment', () => {
  test('reads the variables the plan sets, decoding nginx.conf and the sidecar user', () => {
    const result = readInitConfig(initEnv());
    assert.ok(result.ok);
    assert.deepEqual(result.config, {
      tlsDir: '/etc/nginx/tls',
      nginxConf: CONF,
      tlsPort: 443,
      sidecarUser: { uid: 101, gid: 101 },
    });
  });

  test('TLS_PORT moves the port nginx.conf must serve TLS on (the local runtime); a bad one is refused', () => {
    const moved = readInitConfig({ ...initEnv(), TLS_PORT: '10443' });
    assert.ok(moved.ok);
    assert.equal(moved.config.tlsPort, 10443);
    const bad = readInitConfig({ ...initEnv(), TLS_PORT: 'https' });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.problems, ['TLS_PORT must be a TCP port number, such as 443']);
  });

  test('needs nothing that names Azure: no vault, no identity, no zone', () => {
    const result = readInitConfig({
      TLS_DIR: '/tls',
      NGINX_CONF_BASE64: initEnv().NGINX_CONF_BASE64,
    });
    assert.ok(result.ok);
    assert.equal(result.config.sidecarUser, undefined);
  });

  test('lists every missing or malformed variable in one answer', () => {
    const result = readInitConfig({
      TLS_DIR: 'relative/tls',
      NGINX_CONF_BASE64: 'not base64!',
      SIDECAR_USER: 'nginx',
    });
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      'TLS_DIR must be an absolute path',
      'NGINX_CONF_BASE64 must be the base64 of an nginx.conf',
      'SIDECAR_USER must be uid:gid, such as 101:101',
    ]);
    const empty = readInitConfig({});
    assert.ok(!empty.ok);
    assert.deepEqual(empty.problems, ['TLS_DIR is not set', 'NGINX_CONF_BASE64 is not set']);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertNoSecretInAnswer } from '../../support/scanned-http.js';

const SYSTEM_KEY = 'durabletask-extension-system-key-0123456789abcdef';
const instance =
  'https://func-contoso.azurewebsites.net/runtime/webhooks/durabletask/instances/environment-contoso-dev';

describe('the secret scan of every answer an e2e test reads', () => {
  test("fails on a 202 carrying Durable's management URLs, naming the request and where, not the key", () => {
    const leaking = {
      status: 202,
      headers: { location: 'http://127.0.0.1:7071/api/environments/contoso-dev' },
      text: JSON.stringify({
        environment: 'contoso-dev',
        durable: { statusQueryGetUri: `${instance}?taskHub=Hub&code=${SYSTEM_KEY}` },
      }),
    };
    assert.throws(
      () => assertNoSecretInAnswer('POST /api/environments', leaking),
      (error: Error) =>
        /^POST \/api\/environments answered 202 with secret-like values: \$\.body\.durable\.statusQueryGetUri \(a function key in a URL \(code=\)\)/.test(
          error.message,
        ) && !error.message.includes(SYSTEM_KEY),
    );
  });

  test('fails on a key in a header', () => {
    assert.throws(
      () =>
        assertNoSecretInAnswer('GET /runtime/webhooks/durabletask/instances/x', {
          status: 202,
          headers: { location: `${instance}?code=${SYSTEM_KEY}` },
          text: '',
        }),
      /\$\.headers\.location/,
    );
  });

  test('passes an answer that holds no secret, JSON or text', () => {
    assertNoSecretInAnswer('GET /api/environments/contoso-dev', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      text: JSON.stringify({ environment: 'contoso-dev', statusUri: 'http://127.0.0.1/api/x' }),
    });
    assertNoSecretInAnswer('GET /healthz', { status: 200, headers: {}, text: 'ok\n' });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findSecretLikeValues } from '../../../src/plan/index.js';

const PEM_KEY = [
  '-----BEGIN EC PRIVATE KEY-----',
  'MHcCAQEEIB',
  '-----END EC PRIVATE KEY-----',
].join('\n');

function reasons(value: unknown): string[] {
  return findSecretLikeValues(value).map((f) => f.reason);
}

describe('secret scan', () => {
  test('flags password fields and secure environment values wherever they are', () => {
    const findings = findSecretLikeValues({
      properties: {
        administratorLoginPassword: 'x',
        imageRegistryCredentials: [{ server: 'acr.azurecr.io', username: 'u', password: 'p' }],
        containers: [{ properties: { environmentVariables: [{ name: 'A', secureValue: 's' }] } }],
      },
    });
    assert.deepEqual(findings, [
      { path: '$.properties.administratorLoginPassword', reason: 'a password field' },
      { path: '$.properties.imageRegistryCredentials[0].password', reason: 'a password field' },
      {
        path: '$.properties.containers[0].properties.environmentVariables[0].secureValue',
        reason: 'a secure environment variable value',
      },
    ]);
  });

  test('flags client secrets and access keys by their field names', () => {
    assert.deepEqual(
      findSecretLikeValues({
        clientSecret: 'c',
        storageAccountKey: 'k',
        SharedAccessKey: 'k',
        primaryKey: 'k',
        secondaryKey: 'k',
      }),
      [
        { path: '$.clientSecret', reason: 'a client secret' },
        { path: '$.storageAccountKey', reason: 'an access key' },
        { path: '$.SharedAccessKey', reason: 'an access key' },
        { path: '$.primaryKey', reason: 'an access key' },
        { path: '$.secondaryKey', reason: 'an access key' },
      ],
    );
  });

  test('accepts fields that only name or flag a secret', () => {
    assert.deepEqual(
      reasons({
        passwordSecretName: 'sql-admin',
        secureValueSource: 'key-vault',
        clientSecretSettingName: 'AUTH_SECRET',
        hasClientSecret: false,
        primaryKeyRotatedAt: '2024-01-01T00:00:00Z',
        isSecureValue: true,
      }),
      [],
    );
  });

  test('writes keys that are not identifiers in brackets', () => {
    const findings = findSecretLikeValues({ tags: { 'odd-key': { password: 'p' } }, '1st': [] });
    assert.deepEqual(findings, [
      { path: '$.tags["odd-key"].password', reason: 'a password field' },
    ]);
    assert.deepEqual(findSecretLikeValues({ '1st': { password: 'p' } }), [
      { path: '$["1st"].password', reason: 'a password field' },
    ]);
  });

  test('walks past values that hold no text', () => {
    assert.deepEqual(reasons({ a: null, b: undefined, c: 42, d: true, e: [null, 0] }), []);
  });

  test('flags secret and gitRepo volumes', () => {
    assert.deepEqual(reasons({ volumes: [{ name: 'a', secret: { 'tls.key': 'eA==' } }] }), [
      'a secret volume',
    ]);
    assert.deepEqual(
      reasons({ volumes: [{ name: 'b', gitRepo: { repository: 'https://example' } }] }),
      ['a gitRepo volume (credentials travel in its URL)'],
    );
  });

  test('refuses only volume objects named exactly secret or gitRepo', () => {
    assert.deepEqual(
      reasons({
        secretProperties: { contentType: 'application/x-pkcs12' },
        'tls-secret': { name: 'a' },
        gitRepoSettings: { branch: 'main' },
        'app-gitRepo': { name: 'b' },
        volumes: [
          { name: 'c', secret: null },
          { name: 'd', gitRepo: 'see the docs' },
        ],
      }),
      [],
    );
  });

  test('flags PEM private keys, also when base64-encoded', () => {
    assert.deepEqual(reasons({ data: PEM_KEY }), ['a PEM private key']);
    assert.deepEqual(reasons('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'), [
      'a PEM private key',
    ]);
    assert.deepEqual(reasons([Buffer.from(PEM_KEY).toString('base64')]), [
      'a PEM private key (base64-encoded)',
    ]);
    assert.deepEqual(reasons('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'), []);
  });

  test('flags base64-encoded secrets however the encoding is cut, wrapped or embedded', () => {
    const b64 = Buffer.from(PEM_KEY).toString('base64');
    const pem = 'a PEM private key (base64-encoded)';
    assert.deepEqual(reasons(`  ${b64}`), [pem], 'leading spaces');
    assert.deepEqual(reasons(`${b64}\n`), [pem], 'a trailing newline');
    assert.deepEqual(reasons(b64.replace(/=+$/, '')), [pem], 'padding dropped');
    assert.deepEqual(reasons(`tls.key: ${b64}`), [pem], 'inside a longer text');
    assert.deepEqual(reasons(b64.replace(/.{76}/g, '$&\n')), [pem], 'wrapped every 76 characters');
    const url = Buffer.from(PEM_KEY).toString('base64url');
    assert.deepEqual(reasons(url), [pem], 'the base64url alphabet');
    assert.deepEqual(reasons(Buffer.from('pwd=x').toString('base64')), [
      'a connection string with a credential (base64-encoded)',
    ]);
    assert.deepEqual(reasons(Buffer.from('Server=tcp:sql;Password=hunter2').toString('base64')), [
      'a connection string with a credential (base64-encoded)',
    ]);
  });

  test('flags a credential that line wrapping splits, also in a value that starts with a label', () => {
    const connection = 'Server=tcp:sql.database.windows.net;Database=appdb;Password=hunter2;';
    // `base64` wraps every 76 characters (57 bytes): here between "Passwo" and "rd=hunter2",
    // so neither line alone decodes to the credential.
    const wrapped = Buffer.from(connection).toString('base64').replace(/.{76}/g, '$&\n');
    const lines = wrapped.split('\n');
    assert.equal(lines.length, 2);
    for (const line of lines) assert.deepEqual(reasons(line), [], line);
    const found = ['a connection string with a credential (base64-encoded)'];
    assert.deepEqual(reasons(wrapped), found, 'the value alone');
    assert.deepEqual(reasons(`connection: |\n  ${lines.join('\n  ')}`), found, 'after a label');
  });

  test('flags unpadded base64 inside a longer text, and after a word and a space', () => {
    const pem = ['a PEM private key (base64-encoded)'];
    assert.deepEqual(reasons(`TLS_KEY=${Buffer.from(PEM_KEY).toString('base64url')}`), pem);
    // Without the space the word would join the encoded text and shift it out of alignment.
    assert.deepEqual(reasons(`key ${Buffer.from(PEM_KEY).toString('base64')}`), pem);
  });

  test('flags keys and signatures in URLs, and credentials in connection strings', () => {
    assert.deepEqual(
      reasons('https://f.azurewebsites.net/runtime/webhooks/eventgrid?functionName=x&code=abc'),
      ['a function key in a URL (code=)'],
    );
    assert.deepEqual(reasons('https://s.blob.core.windows.net/c/b?sv=2022&sig=abc%3D'), [
      'a SAS signature in a URL (sig=)',
    ]);
    assert.deepEqual(
      reasons('Server=tcp:s.database.windows.net;Database=d;User ID=a;Password=hunter2;'),
      ['a connection string with a credential'],
    );
    assert.deepEqual(reasons('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc=='), [
      'a connection string with a credential',
    ]);
    assert.deepEqual(reasons('https://user:pass@example.com/'), ['credentials in a URL']);
  });

  test('flags credentials in connection strings however they are spaced', () => {
    for (const text of [
      'Password=hunter2;Server=tcp:s.database.windows.net',
      'Server=tcp:s.database.windows.net; Password = hunter2',
    ]) {
      assert.deepEqual(reasons(text), ['a connection string with a credential'], text);
    }
  });

  test('flags credentials in a URL of any scheme', () => {
    for (const url of ['s3://key:secret@bucket/path', 'x://user:pass@host']) {
      assert.deepEqual(reasons(url), ['credentials in a URL'], url);
    }
  });

  test('flags bearer tokens', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
    assert.deepEqual(reasons({ headers: { authorization: `Bearer ${jwt}` } }), [
      'a JSON web token',
    ]);
  });

  test('accepts what the plan legitimately carries', () => {
    assert.deepEqual(
      reasons({
        keyVaultSecretId: 'https://kv.vault.azure.net/secrets/app-contoso-example',
        env: [
          {
            name: 'AZURE_CLIENT_ID',
            value: '${ref:/subscriptions/x/providers/y:properties.clientId}',
          },
        ],
        connection:
          'Server=tcp:s.database.windows.net;Database=appdb;Authentication=Active Directory Managed Identity',
        webhook:
          'https://127.0.0.1:7071/runtime/webhooks/eventgrid?functionName=containerGroupEvents',
        conf: Buffer.from('ssl_certificate_key /etc/nginx/tls/tls.key;\n'.repeat(3)).toString(
          'base64',
        ),
      }),
      [],
    );
  });
});

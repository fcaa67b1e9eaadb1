import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  certificateFromSecret,
  installCertificate,
  readSecret,
} from '../../../images/sidecar/src/certificate.js';
import { AppError } from '../../../src/errors.js';
import { assertNoSecret } from '../../support/secrets.js';
import { testChain } from './certificates.js';
import { fakeVault, firstVersion, pkcs12Secret, rsaLeaf, rsaPfx } from './sidecar-fixtures.js';

const NAME = 'app-contoso-example';
const VAULT = 'https://kv-contoso-abc12345.vault.azure.net/';
const now = () => new Date();

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'avs-sidecar-cert-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

function refuses(run: () => unknown, pattern: RegExp, secrets: string[]) {
  assert.throws(run, (error: Error) => {
    assert.match(error.message, pattern);
    for (const secret of secrets) assertNoSecret(error.message, secret, 'the error message');
    return true;
  });
}

describe('sidecar image: one certificate version', () => {
  test('refuses a PEM certificate secret, naming its content type and the one to use', () => {
    const chain = testChain();
    const pem = { ...firstVersion(), value: chain.secret, contentType: 'application/x-pem-file' };
    refuses(
      () => certificateFromSecret(pem, NAME, now()),
      /^\[validation\/CertificateContentType\] certificate app-contoso-example version v1 has content type application\/x-pem-file, expected application\/x-pkcs12; .*create or import the certificate with policy contentType application\/x-pkcs12$/,
      [chain.leafKeyPem, chain.leafPem],
    );
  });

  test('refuses a plain secret without a content type', () => {
    refuses(
      () => certificateFromSecret({ ...firstVersion(), contentType: undefined }, NAME, now()),
      /has content type \(none\), expected application\/x-pkcs12; CERTIFICATE_NAME must name a Key Vault certificate/,
      [firstVersion().value],
    );
  });

  test('refuses a disabled version and an expired leaf', () => {
    assert.throws(
      () => certificateFromSecret({ ...firstVersion(), enabled: false }, NAME, now()),
      /\[validation\/CertificateDisabled\] certificate app-contoso-example version v1 is disabled/,
    );
    const old = rsaLeaf('0e', new Date(Date.now() - 86_400_000));
    const expired = pkcs12Secret('v0', rsaPfx(old.keyPem, [old.certPem]));
    refuses(
      () => certificateFromSecret(expired, NAME, now()),
      /\[validation\/CertificateExpired\] certificate app-contoso-example version v0 \(CN=app\.contoso\.example\) expired at .*; renew it$/,
      [old.keyPem, expired.value],
    );
  });

  test('writes the key (0600) and the chain (0644), replacing older files, nothing else', async () => {
    await writeFile(join(dir, 'tls.key'), 'old', { mode: 0o644 });
    await writeFile(join(dir, 'nginx.conf'), 'events {}\n');
    const version = certificateFromSecret(firstVersion(), NAME, now());
    await installCertificate(dir, version.files);
    assert.equal(await readFile(join(dir, 'tls.key'), 'utf8'), version.files.keyPem);
    assert.equal(await readFile(join(dir, 'tls.crt'), 'utf8'), version.files.chainPem);
    assert.equal((await stat(join(dir, 'tls.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'tls.crt'))).mode & 0o777, 0o644);
    assert.deepEqual((await readdir(dir)).sort(), ['nginx.conf', 'tls.crt', 'tls.key']);
  });

  test('says how to mount TLS_DIR when it cannot be written', async () => {
    const version = certificateFromSecret(firstVersion(), NAME, now());
    await chmod(dir, 0o500);
    const root = process.getuid?.() === 0;
    try {
      await assert.rejects(
        installCertificate(root ? join(dir, 'absent') : dir, version.files),
        /\[unexpected\/TlsDirUnwritable\] cannot write into TLS_DIR .* \((EACCES|ENOENT)\); mount the group's emptyDir volume there read-write, owned by the sidecar's user/,
      );
    } finally {
      await chmod(dir, 0o700);
    }
  });

  test('reports a missing certificate and a refused read as one line with what to do', async () => {
    assert.deepEqual(await readSecret(fakeVault(undefined), NAME, VAULT), {
      ok: false,
      reason: `[not-found/CertificateNotFound] certificate ${NAME} is not in ${VAULT}; issue it first (the certificate stage of the deployment)`,
    });
    const refused = new AppError('forbidden', 'VaultForbidden', 'GET secret x: denied (HTTP 403)');
    assert.deepEqual(await readSecret(fakeVault(refused), NAME, VAULT), {
      ok: false,
      reason: `[forbidden/VaultForbidden] GET secret x: denied (HTTP 403); the group's identity (AZURE_CLIENT_ID) needs Key Vault Secrets User on the certificate's secret ${VAULT.replace(/\/$/, '')}/secrets/${NAME}, and a new role assignment takes up to 10 minutes to apply`,
    });
    const down = new AppError('transient', 'ServiceUnavailable', 'GET secret x: down (HTTP 503)');
    assert.deepEqual(await readSecret(fakeVault(down), NAME, VAULT), {
      ok: false,
      reason: '[transient/ServiceUnavailable] GET secret x: down (HTTP 503)',
    });
  });
});

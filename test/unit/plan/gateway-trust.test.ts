import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { buildPlan, planIds, type PlanOptions } from '../../../src/plan/index.js';
import { LETS_ENCRYPT_STAGING_ROOTS } from '../../../src/plan/lets-encrypt-staging-roots.js';
import { exampleSpec, list, only } from './helpers.js';

const GATEWAY = 'Microsoft.Network/applicationGateways';
const OPERATOR_DIRECTORY = 'https://ca.contoso.example/acme/directory';
const OPEN = { dashboard: { publicAccess: { allowedSourceRanges: ['203.0.113.0/24'] } } };

type Json = Record<string, unknown>;

function gatewayFor(acmeDirectory: string, options: PlanOptions = {}) {
  const spec = exampleSpec('minimal', { certificates: { acmeDirectory }, ...OPEN });
  const body = only(buildPlan(spec, options), GATEWAY).body;
  const props = body.properties as Json;
  return {
    gatewayId: planIds(spec).gateway,
    roots: (props.trustedRootCertificates ?? []) as Json[],
    settings: list(body, 'properties.backendHttpSettingsCollection'),
  };
}

const settingsProperties = (settings: Json[]) => settings.map((s) => s.properties as Json);

describe('backend chain validation on the application gateway', () => {
  test('is never switched off, whatever the ACME directory', () => {
    for (const directory of ['letsencrypt', 'letsencrypt-staging', OPERATOR_DIRECTORY]) {
      const { settings } = gatewayFor(directory, { acmeTrustedRoots: ['AAAA'] });
      for (const p of settingsProperties(settings)) {
        assert.notEqual(p.validateCertChainAndExpiry, false, directory);
      }
    }
  });

  test("trusts the well-known CAs alone for Let's Encrypt production", () => {
    const { roots, settings } = gatewayFor('letsencrypt');
    assert.deepEqual(roots, []);
    for (const p of settingsProperties(settings))
      assert.equal(p.trustedRootCertificates, undefined);
  });

  test("trusts Let's Encrypt's two staging roots for the staging directory, from every backend setting", () => {
    const { roots, settings, gatewayId } = gatewayFor('letsencrypt-staging');
    assert.deepEqual(
      roots,
      LETS_ENCRYPT_STAGING_ROOTS.map((root, i) => ({
        name: `acme-root-${i + 1}`,
        properties: { data: root.data },
      })),
    );
    assert.equal(settings.length, 2);
    for (const p of settingsProperties(settings)) {
      assert.deepEqual(p.trustedRootCertificates, [
        { id: `${gatewayId}/trustedRootCertificates/acme-root-1` },
        { id: `${gatewayId}/trustedRootCertificates/acme-root-2` },
      ]);
    }
  });

  test('trusts the roots the operator configured for a directory the operator allowed', () => {
    const { roots, settings, gatewayId } = gatewayFor(OPERATOR_DIRECTORY, {
      acmeTrustedRoots: ['T1BFUkFUT1I='],
    });
    assert.deepEqual(roots, [{ name: 'acme-root-1', properties: { data: 'T1BFUkFUT1I=' } }]);
    for (const p of settingsProperties(settings)) {
      assert.deepEqual(p.trustedRootCertificates, [
        { id: `${gatewayId}/trustedRootCertificates/acme-root-1` },
      ]);
    }
  });

  test("holds Let's Encrypt's published staging roots: self-signed CA certificates with their fingerprints", () => {
    const subjects = LETS_ENCRYPT_STAGING_ROOTS.map((root) => {
      const der = Buffer.from(root.data, 'base64');
      const certificate = new X509Certificate(der);
      assert.ok(certificate.ca, root.subject);
      assert.ok(certificate.verify(certificate.publicKey), `${root.subject} is self-signed`);
      assert.equal(createHash('sha256').update(der).digest('hex'), root.sha256);
      return /CN=(.*)/.exec(certificate.subject)?.[1];
    });
    assert.deepEqual(subjects, ['(STAGING) Pretend Pear X1', '(STAGING) Bogus Broccoli X2']);
  });
});

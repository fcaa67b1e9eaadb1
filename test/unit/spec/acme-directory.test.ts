import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec, type AcmeDirectoryPolicy, type SpecProblem } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

const ROGUE = 'https://acme.attacker.example/directory';
const INTERNAL = 'https://ca.contoso.example/acme/directory';
const ROOT = 'T1BFUkFUT1IgUk9PVA==';

function problems(acmeDirectory: string, policy: AcmeDirectoryPolicy): SpecProblem[] {
  const result = parseSpec(specWith({ certificates: { acmeDirectory } }), {
    acmeDirectories: policy,
  });
  return result.ok ? [] : result.problems;
}

const nothingAllowed: AcmeDirectoryPolicy = { allowed: [], trustedRoots: [] };

describe('the ACME directory a spec may name', () => {
  test("Let's Encrypt production and staging, by shorthand or URL, without any operator setting", () => {
    for (const directory of [
      'letsencrypt',
      'letsencrypt-staging',
      'https://acme-v02.api.letsencrypt.org/directory',
      'https://acme-staging-v02.api.letsencrypt.org/directory',
    ]) {
      assert.deepEqual(problems(directory, nothingAllowed), [], directory);
    }
  });

  test('refuses any other directory, saying what is allowed and who can allow more', () => {
    assert.deepEqual(problems(ROGUE, nothingAllowed), [
      {
        path: 'certificates.acmeDirectory',
        message: `${ROGUE} is not an allowed ACME directory: use letsencrypt or letsencrypt-staging, or ask the operator of this app to add it to ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES`,
      },
    ]);
    assert.equal(problems(ROGUE, { allowed: [INTERNAL], trustedRoots: [ROOT] }).length, 1);
  });

  test('accepts a directory the operator listed, compared as a URL', () => {
    const policy = { allowed: [INTERNAL], trustedRoots: [ROOT] };
    assert.deepEqual(problems(INTERNAL, policy), []);
    assert.deepEqual(problems('https://CA.contoso.example:443/acme/directory/', policy), []);
  });

  test('refuses a listed directory while no root is configured for the gateway to trust', () => {
    assert.deepEqual(problems(INTERNAL, { allowed: [INTERNAL], trustedRoots: [] }), [
      {
        path: 'certificates.acmeDirectory',
        message: `${INTERNAL} is allowed, but no root certificate is configured for it, so Application Gateway could not validate the certificate its backends present: the operator must set ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS to the CA's root (base64 DER)`,
      },
    ]);
  });

  test('is not checked without a policy (the CLI plans a spec without the app settings)', () => {
    assert.ok(parseSpec(specWith({ certificates: { acmeDirectory: ROGUE } })).ok);
  });

  test('is reported together with the spec problems of other sections', () => {
    const result = parseSpec(
      specWith({ certificates: { acmeDirectory: ROGUE }, gateway: { minCapacity: -1 } }),
      { acmeDirectories: nothingAllowed },
    );
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ['gateway.minCapacity', 'certificates.acmeDirectory'],
    );
  });
});

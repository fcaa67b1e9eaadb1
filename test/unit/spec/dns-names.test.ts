import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  certificateCovers,
  isInZone,
  parseSpec,
  type SpecProblem,
} from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

function problems(patch: Record<string, unknown>): SpecProblem[] {
  const result = parseSpec(specWith(patch));
  return result.ok ? [] : result.problems;
}

const badLabel = (name: string, label: string) =>
  `${name} is not a valid DNS name: label "${label}" must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen`;

/** A name of `length` characters made of four labels of at most 63 characters. */
function longName(length: number): string {
  const last = length - 3 * 64;
  return ['a', 'b', 'c'].map((c) => c.repeat(63)).join('.') + '.' + 'd'.repeat(last);
}

describe('DNS names in a spec', () => {
  test('accepts a name of 253 characters, the most DNS allows', () => {
    assert.deepEqual(problems({ dns: { privateZone: longName(253) } }), []);
  });

  test('reports a name longer than 253 characters', () => {
    const name = longName(254);
    assert.deepEqual(problems({ dns: { privateZone: name } }), [
      { path: 'dns.privateZone', message: `${name} is longer than 253 characters` },
    ]);
  });

  test('reports a wildcard zone name as a wildcard, not as a misplaced one', () => {
    assert.deepEqual(problems({ dns: { publicZone: '*.contoso.example' } }), [
      {
        path: 'dns.publicZone',
        message:
          '*.contoso.example is a wildcard name, which is not allowed here: give one exact name',
      },
    ]);
  });

  test('reports a wildcard below the leftmost label as misplaced', () => {
    assert.deepEqual(problems({ dns: { privateZone: 'a.*.contoso.example' } }), [
      {
        path: 'dns.privateZone',
        message: 'a.*.contoso.example has a wildcard that is not the leftmost label',
      },
    ]);
  });

  test('reports a private zone that names the public zone with its trailing dot', () => {
    assert.deepEqual(problems({ dns: { privateZone: 'contoso.example.' } }), [
      {
        path: 'dns.privateZone',
        message:
          'contoso.example is also the public zone; a private zone of the same name would hide the public records inside the VNet',
      },
    ]);
  });

  test('reports a host name that is not a DNS name once, not also as outside the zone or uncovered', () => {
    const patch = {
      gateway: { hostName: 'app_1.fabrikam.example' },
      certificates: { names: ['app.contoso.example'] },
    };
    assert.deepEqual(problems(patch), [
      { path: 'gateway.hostName', message: badLabel('app_1.fabrikam.example', 'app_1') },
    ]);
  });

  test('does not check the host name against a public zone that is not a DNS name', () => {
    assert.deepEqual(problems({ dns: { publicZone: 'contoso_example.com' } }), [
      { path: 'dns.publicZone', message: badLabel('contoso_example.com', 'contoso_example') },
    ]);
  });

  test('reports a certificate name that is not a DNS name once, not also as outside the zone', () => {
    const names = ['app.contoso.example', 'bad_name.fabrikam.example'];
    assert.deepEqual(problems({ certificates: { names } }), [
      { path: 'certificates.names[1]', message: badLabel('bad_name.fabrikam.example', 'bad_name') },
    ]);
  });

  test('checks the leftmost label of a certificate name like any other', () => {
    const names = ['app.contoso.example', 'bad_label.contoso.example'];
    assert.deepEqual(problems({ certificates: { names } }), [
      {
        path: 'certificates.names[1]',
        message: badLabel('bad_label.contoso.example', 'bad_label'),
      },
    ]);
  });
});

describe('certificate coverage', () => {
  const cases: [certificate: string, host: string, covers: boolean][] = [
    ['app.contoso.example', 'app.contoso.example', true],
    ['App.Contoso.Example.', 'app.contoso.example', true],
    ['app.contoso.example', 'www.contoso.example', false],
    ['*.contoso.example', 'app.contoso.example', true],
    ['*.contoso.example', 'contoso.example', false],
    ['*.contoso.example', 'a.app.contoso.example', false],
    ['*.example', 'example', false],
    ['*.contoso.example', '.contoso.example', false],
  ];
  for (const [certificate, host, covers] of cases) {
    test(`${certificate} ${covers ? 'covers' : 'does not cover'} ${JSON.stringify(host)}`, () => {
      assert.equal(certificateCovers(certificate, host), covers);
    });
  }

  test('a zone holds itself and the names below it, in any case, with or without a trailing dot', () => {
    assert.ok(isInZone('Contoso.Example.', 'contoso.example'));
    assert.ok(isInZone('app.contoso.example', 'Contoso.Example'));
    assert.ok(!isInZone('appcontoso.example', 'contoso.example'));
  });
});

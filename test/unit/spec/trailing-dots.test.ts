import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan } from '../../../src/plan/index.js';
import { parseSpec, type EnvironmentSpec } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

function parsed(patch: Record<string, unknown>): EnvironmentSpec {
  const result = parseSpec(specWith(patch));
  if (!result.ok) assert.fail(JSON.stringify(result.problems));
  return result.spec;
}

const FIELDS: {
  field: string;
  patch: Record<string, unknown>;
  read: (s: EnvironmentSpec) => unknown;
}[] = [
  {
    field: 'gateway.hostName',
    patch: { gateway: { hostName: 'app.contoso.example.' } },
    read: (s) => s.gateway.hostName,
  },
  {
    field: 'dns.publicZone',
    patch: { dns: { publicZone: 'contoso.example.' } },
    read: (s) => s.dns.publicZone,
  },
  {
    field: 'dns.privateZone',
    patch: { dns: { publicZone: 'contoso.example', privateZone: 'dev.contoso.internal.' } },
    read: (s) => s.dns.privateZone,
  },
  {
    field: 'certificates.names',
    patch: { certificates: { names: ['app.contoso.example.', '*.app.contoso.example.'] } },
    read: (s) => s.certificates.names,
  },
];

const WITHOUT_DOT: Record<string, unknown> = {
  'gateway.hostName': 'app.contoso.example',
  'dns.publicZone': 'contoso.example',
  'dns.privateZone': 'dev.contoso.internal',
  'certificates.names': ['app.contoso.example', '*.app.contoso.example'],
};

describe('DNS names written with the trailing dot of the root', () => {
  for (const { field, patch, read } of FIELDS) {
    test(`${field}: accepted, and the plan is built from the name without the dot`, () => {
      const spec = parsed(patch);
      assert.deepEqual(read(spec), WITHOUT_DOT[field]);
      const plan = buildPlan(spec);
      assert.doesNotMatch(JSON.stringify(plan), /contoso\.(example|internal)\.(?![a-z0-9*-])/);
    });
  }

  test('a host name and zone both written with the dot plan the same as without', () => {
    const dotted = parsed({
      gateway: { hostName: 'app.contoso.example.' },
      dns: { publicZone: 'contoso.example.' },
    });
    assert.deepEqual(buildPlan(dotted), buildPlan(parsed({})));
  });

  test('more than one trailing dot is refused, quoting the name', () => {
    const result = parseSpec(specWith({ gateway: { hostName: 'app.contoso.example..' } }));
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      {
        path: 'gateway.hostName',
        message:
          'app.contoso.example. has an empty label (two dots in a row, or a dot at either end)',
      },
    ]);
  });

  test('a name that is only a dot is refused', () => {
    const result = parseSpec(specWith({ dns: { privateZone: '.' } }));
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      {
        path: 'dns.privateZone',
        message: '. has an empty label (two dots in a row, or a dot at either end)',
      },
    ]);
  });
});

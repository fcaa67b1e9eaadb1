import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSpec, type SpecProblem } from '../../../src/spec/index.js';
import { specWith } from '../../support/specs.js';

/**
 * A spec broken in its shape (a section or a field of the wrong type) gets one problem for each
 * broken part, and the cross-field checks still run on every part that parsed.
 */
function problems(spec: unknown): SpecProblem[] {
  const result = parseSpec(spec);
  assert.equal(result.ok, false, 'the spec should be rejected');
  return result.ok ? [] : result.problems;
}

describe('specs of the wrong shape', () => {
  const notObjects: [title: string, spec: unknown][] = [
    ['null', null],
    ['a string', 'name: contoso-dev'],
    ['a number', 42],
    ['a boolean', true],
    ['a list', [{ name: 'contoso-dev' }]],
  ];
  for (const [title, spec] of notObjects) {
    test(`reports a spec that is ${title} as not a JSON object`, () => {
      assert.deepEqual(problems(spec), [{ path: '(spec)', message: 'must be a JSON object' }]);
    });
  }

  const sections = ['network', 'dns', 'certificates', 'app', 'dashboard', 'gateway'] as const;
  for (const section of sections) {
    test(`reports a ${section} section that is null once, without failing its checks`, () => {
      assert.deepEqual(problems(specWith({ [section]: null })), [
        { path: section, message: 'must be an object, not null' },
      ]);
    });

    test(`reports a ${section} section that is a string once, without failing its checks`, () => {
      assert.deepEqual(problems(specWith({ [section]: 'default' })), [
        { path: section, message: 'must be an object, not a string' },
      ]);
    });
  }

  for (const section of ['dns', 'certificates', 'gateway'] as const) {
    test(`reports a missing ${section} section as required, without failing its checks`, () => {
      assert.deepEqual(problems(specWith({ [section]: undefined })), [
        { path: section, message: 'is required' },
      ]);
    });
  }

  test('checks the other sections when one section is not an object', () => {
    const spec = specWith({ app: 'two', gateway: { minCapacity: 5, maxCapacity: 3 } });
    assert.deepEqual(problems(spec), [
      { path: 'app', message: 'must be an object, not a string' },
      { path: 'gateway.minCapacity', message: '5 is above gateway.maxCapacity (3)' },
    ]);
  });

  test('checks the other fields of a section when one field has the wrong type', () => {
    const spec = specWith({ dashboard: { enabled: 'no' }, app: { instances: 'many' } });
    assert.deepEqual(problems(spec), [
      { path: 'app.instances', message: 'must be a number, not a string' },
      { path: 'dashboard.enabled', message: 'must be a boolean, not a string' },
    ]);
  });

  test('reports a public zone of the wrong type once, without checking the host name against it', () => {
    assert.deepEqual(problems(specWith({ dns: { publicZone: 5 } })), [
      { path: 'dns.publicZone', message: 'must be a string, not a number' },
    ]);
  });

  test('reports a host name of the wrong type once, without checking the certificate names against it', () => {
    const spec = specWith({
      gateway: { hostName: 5 },
      certificates: { names: ['www.contoso.example'] },
    });
    assert.deepEqual(problems(spec), [
      { path: 'gateway.hostName', message: 'must be a string, not a number' },
    ]);
  });

  test('reports a host name that is missing as required', () => {
    assert.deepEqual(problems(specWith({ gateway: { hostName: undefined } })), [
      { path: 'gateway.hostName', message: 'is required' },
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findReferences, param, ref, resolveReferences } from '../../../src/plan/index.js';

const identity =
  '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x';
const vault = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-x';

describe('deploy-time references', () => {
  test('writes references as tokens inside strings', () => {
    assert.equal(
      ref(identity, 'properties.principalId'),
      `\${ref:${identity}:properties.principalId}`,
    );
    assert.equal(param('tenantId'), '${param:tenantId}');
  });

  test('refuses to build a reference that could not be parsed back', () => {
    assert.throws(() => ref('not-an-id', 'properties.x'), /not an ARM resource id/);
    assert.throws(() => ref(identity, 'properties..x'), /not a dotted path/);
    assert.throws(() => param('bad name'), /not a name/);
  });

  test('refuses a resource id that would end the token early or split it at the wrong colon', () => {
    assert.throws(
      () => ref(`${vault}}`, 'properties.vaultUri'),
      new Error(`ref: ${vault}} is not an ARM resource id`),
    );
    assert.throws(
      () => ref(`${vault}:x`, 'properties.vaultUri'),
      new Error(`ref: ${vault}:x is not an ARM resource id`),
    );
  });

  test('finds every distinct reference in a body, also several inside one string', () => {
    const body = {
      a: ref(identity, 'properties.clientId'),
      b: [`${ref(vault, 'properties.vaultUri')}secrets/${ref(identity, 'properties.clientId')}`],
      c: { d: param('tenantId'), e: 42, f: null },
    };
    assert.deepEqual(findReferences(body), [
      { kind: 'ref', resourceId: identity, path: 'properties.clientId' },
      { kind: 'ref', resourceId: vault, path: 'properties.vaultUri' },
      { kind: 'param', name: 'tenantId' },
    ]);
  });

  test('substitutes values from GET responses and parameters, leaving the rest untouched', () => {
    const body = {
      secret: `${ref(vault, 'properties.vaultUri')}secrets/cert`,
      admin: { sid: ref(identity, 'properties.clientId'), tenantId: param('tenantId') },
      port: 443,
    };
    const result = resolveReferences(body, {
      resources: new Map<string, unknown>([
        [vault, { properties: { vaultUri: 'https://kv-x.vault.azure.net/' } }],
        [identity, { properties: { clientId: '11111111-1111-1111-1111-111111111111' } }],
      ]),
      params: { tenantId: '22222222-2222-2222-2222-222222222222' },
    });
    assert.deepEqual(result, {
      ok: true,
      value: {
        secret: 'https://kv-x.vault.azure.net/secrets/cert',
        admin: {
          sid: '11111111-1111-1111-1111-111111111111',
          tenantId: '22222222-2222-2222-2222-222222222222',
        },
        port: 443,
      },
    });
  });

  test('matches resource ids without regard to case, as ARM does', () => {
    const result = resolveReferences(ref(vault, 'name'), {
      resources: { [vault.toUpperCase()]: { name: 'kv-x' } },
    });
    assert.deepEqual(result, { ok: true, value: 'kv-x' });
  });

  test('names the missing resource instead of throwing', () => {
    const result = resolveReferences(
      { x: ref(identity, 'properties.principalId') },
      { resources: {} },
    );
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.deepEqual(result.missing, {
      kind: 'ref',
      resourceId: identity,
      path: 'properties.principalId',
    });
    assert.equal(
      result.message,
      `no value for ${identity} (properties.principalId): is the resource created and the path present in its GET response?`,
    );
  });

  test('treats a missing path, an empty string or an object value as missing', () => {
    const resources = { [identity]: { properties: { principalId: '', nested: { a: 1 } } } };
    for (const path of ['properties.principalId', 'properties.nested', 'properties.none.deeper']) {
      const result = resolveReferences(ref(identity, path), { resources });
      assert.equal(result.ok, false, path);
    }
  });

  test('names a missing parameter', () => {
    const result = resolveReferences([param('eventHandlerFunctionId')], {});
    assert.ok(!result.ok);
    assert.deepEqual(result.missing, { kind: 'param', name: 'eventHandlerFunctionId' });
    assert.equal(result.message, 'no value for parameter eventHandlerFunctionId');
  });

  test('lists each parameter once, and a resource id in the spelling it first had', () => {
    const body = [
      param('tenantId'),
      param('deployerPrincipalId'),
      param('tenantId'),
      ref(vault, 'properties.vaultUri'),
      ref(vault.toUpperCase(), 'properties.vaultUri'),
    ];
    assert.deepEqual(findReferences(body), [
      { kind: 'param', name: 'tenantId' },
      { kind: 'param', name: 'deployerPrincipalId' },
      { kind: 'ref', resourceId: vault, path: 'properties.vaultUri' },
    ]);
  });

  test('lists ids that only full Unicode upper-casing would merge (ß is not SS) apart, as ARM does', () => {
    const street =
      '/subscriptions/0000/resourceGroups/rg-straße/providers/Microsoft.KeyVault/vaults/kv';
    const STREET =
      '/subscriptions/0000/resourceGroups/RG-STRASSE/providers/Microsoft.KeyVault/vaults/kv';
    assert.deepEqual(findReferences([ref(street, 'name'), ref(STREET, 'name')]), [
      { kind: 'ref', resourceId: street, path: 'name' },
      { kind: 'ref', resourceId: STREET, path: 'name' },
    ]);
  });

  test('finds no reference among values that hold no text', () => {
    assert.deepEqual(findReferences({ a: undefined, b: 1, c: true, d: null }), []);
  });

  test('writes numbers and booleans from GET responses as text, and keeps other values', () => {
    const body = { port: ref(vault, 'properties.port'), on: ref(vault, 'properties.on') };
    const resources = { [vault]: { properties: { port: 443, on: false } } };
    assert.deepEqual(resolveReferences(body, { resources }), {
      ok: true,
      value: { port: '443', on: 'false' },
    });
    const untouched = { a: null, b: [1, true], c: 'plain' };
    assert.deepEqual(resolveReferences(untouched, {}), { ok: true, value: untouched });
  });

  test('reports a reference as missing when no GET responses are given, or its path runs into text or null', () => {
    const none = resolveReferences(ref(vault, 'name'), { params: {} });
    assert.ok(!none.ok);
    assert.deepEqual(none.missing, { kind: 'ref', resourceId: vault, path: 'name' });
    const resources = {
      [vault]: { properties: { vaultUri: 'https://kv-x.vault.azure.net/', network: null } },
    };
    for (const path of ['properties.vaultUri.length', 'properties.network.acls']) {
      const result = resolveReferences(ref(vault, path), { resources });
      assert.ok(!result.ok, path);
      assert.deepEqual(result.missing, { kind: 'ref', resourceId: vault, path });
    }
  });

  test('lets an unexpected error through instead of reporting a missing value', () => {
    const params = {
      get tenantId(): string {
        throw new Error('the parameter store is unreachable');
      },
    };
    assert.throws(
      () => resolveReferences(param('tenantId'), { params }),
      /^Error: the parameter store is unreachable$/,
    );
  });
});

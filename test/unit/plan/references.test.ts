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
    assert.match(result.message, /id-x \(properties\.principalId\)/);
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
    assert.match(result.message, /parameter eventHandlerFunctionId/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { orderByDependencies, type PlannedResource } from '../../../src/plan/index.js';

function resource(id: string, ...dependsOn: string[]): PlannedResource {
  return {
    id,
    type: 'Microsoft.Network/virtualNetworks',
    apiVersion: '2025-05-01',
    name: id,
    area: 'network',
    body: {},
    dependsOn,
  };
}

const ids = (list: PlannedResource[]) => list.map((r) => r.id);

describe('dependency order', () => {
  test('keeps the given order when nothing depends on something later', () => {
    assert.deepEqual(ids(orderByDependencies([resource('a'), resource('b'), resource('c')])), [
      'a',
      'b',
      'c',
    ]);
  });

  test('moves a resource after its dependencies and otherwise keeps the given order', () => {
    const ordered = orderByDependencies([
      resource('a', 'c'),
      resource('b'),
      resource('c'),
      resource('d', 'a'),
    ]);
    assert.deepEqual(ids(ordered), ['b', 'c', 'a', 'd']);
  });

  test('matches dependencies without regard to case and ignores unplanned ones', () => {
    const ordered = orderByDependencies([resource('a', 'B', '/elsewhere'), resource('b')]);
    assert.deepEqual(ids(ordered), ['b', 'a']);
  });

  test('keeps apart ids that only full Unicode upper-casing would merge (ß is not SS), as ARM does', () => {
    const ordered = orderByDependencies([resource('a', 'RG-STRASSE'), resource('rg-straße')]);
    assert.deepEqual(ids(ordered), ['a', 'rg-straße']);
  });

  test('reports a cycle with the resources caught in it', () => {
    assert.throws(
      () => orderByDependencies([resource('a', 'b'), resource('b', 'a'), resource('c')]),
      /dependency cycle among a, b/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileRoute, matchRoute, routeTable } from '../../../local/host/http-routes.js';
import { isAuthorized, isSystemAuthorized, toAuthLevel } from '../../../local/host/keys.js';

const table = routeTable([
  compileRoute('environments/{id}', 'get-one'),
  compileRoute('environments/{id}/stages/{stage?}', 'stages'),
  compileRoute('environments/report', 'report'),
  compileRoute('items/{n:int}', 'item'),
  compileRoute('files/{*path}', 'files'),
]);
const match = (path: string) => matchRoute(table, path);

describe('HTTP route templates', () => {
  test('route parameters are extracted and decoded', () => {
    assert.deepEqual(match('/environments/dev%20one')?.params, { id: 'dev one' });
  });

  test('a literal segment wins over a parameter in the same position', () => {
    assert.equal(match('environments/report')?.route.target, 'report');
  });

  test('optional parameters may be left out', () => {
    assert.deepEqual(match('environments/a/stages')?.params, { id: 'a' });
    assert.deepEqual(match('environments/a/stages/dns')?.params, { id: 'a', stage: 'dns' });
  });

  test('an int constraint rejects words', () => {
    assert.equal(match('items/12')?.route.target, 'item');
    assert.equal(match('items/twelve'), undefined);
  });

  test('a catch-all parameter takes the rest of the path', () => {
    assert.deepEqual(match('files/a/b/c.txt')?.params, { path: 'a/b/c.txt' });
  });

  test('literals match case-insensitively', () => {
    assert.equal(match('ENVIRONMENTS/x')?.route.target, 'get-one');
  });
});

const keys = { master: 'm-key', function: 'f-key' };
const req = (headers: Record<string, string>, query = '') => ({
  headers,
  query: new URLSearchParams(query),
});

describe('function keys', () => {
  test('anonymous functions need no key', () => {
    assert.equal(isAuthorized('anonymous', keys, req({})), true);
  });

  test('function level accepts the function key in the header or the code parameter', () => {
    assert.equal(isAuthorized('function', keys, req({ 'x-functions-key': 'f-key' })), true);
    assert.equal(isAuthorized('function', keys, req({}, 'code=f-key')), true);
    assert.equal(isAuthorized('function', keys, req({}, 'code=m-key')), true);
    assert.equal(isAuthorized('function', keys, req({}, 'code=wrong')), false);
    assert.equal(isAuthorized('function', keys, req({})), false);
  });

  test('admin level accepts only the master key', () => {
    assert.equal(isAuthorized('admin', keys, req({}, 'code=f-key')), false);
    assert.equal(isAuthorized('admin', keys, req({ 'x-functions-key': 'm-key' })), true);
  });

  test('with no key configured, function level is closed and the webhooks are open', () => {
    const none = { master: undefined, function: undefined };
    assert.equal(isAuthorized('function', none, req({}, 'code=anything')), false);
    assert.equal(isSystemAuthorized(none, req({})), true);
  });

  test('auth levels are read case-insensitively and unknown ones are refused', () => {
    assert.equal(toAuthLevel('Function'), 'function');
    assert.throws(() => toAuthLevel('public'), /Unknown authLevel/);
  });
});

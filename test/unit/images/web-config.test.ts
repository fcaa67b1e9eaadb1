import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readWebConfig } from '../../../images/web/src/config.js';

describe('web configuration', () => {
  test("defaults to port 80 and the API on loopback port 8080, the plan's values", () => {
    const result = readWebConfig({});
    assert.ok(result.ok);
    assert.equal(result.config.port, 80);
    assert.equal(result.config.apiUrl.href, 'http://127.0.0.1:8080/');
    assert.equal(result.config.containerGroup, null);
  });

  test('takes the group name, port and API origin the plan sets', () => {
    const result = readWebConfig({
      PORT: '8081',
      API_URL: 'http://127.0.0.1:9090',
      CONTAINER_GROUP_NAME: ' ci-contoso-app-1 ',
    });
    assert.ok(result.ok);
    assert.deepEqual(
      [result.config.port, result.config.apiUrl.origin, result.config.containerGroup],
      [8081, 'http://127.0.0.1:9090', 'ci-contoso-app-1'],
    );
  });

  test('lists every problem at once: a bad port and an API_URL that is not a bare origin', () => {
    for (const apiUrl of [
      'http://127.0.0.1:8080/api',
      'ftp://127.0.0.1',
      'http://user:pw@127.0.0.1:8080',
      'http://127.0.0.1:8080?x=1',
      '127.0.0.1:8080',
    ]) {
      const result = readWebConfig({ PORT: 'eighty', API_URL: apiUrl });
      assert.ok(!result.ok, apiUrl);
      assert.equal(result.problems.length, 2, apiUrl);
      assert.match(result.problems[0]!, /^PORT must be a TCP port number/);
      assert.match(
        result.problems[1]!,
        /^API_URL must be the API's origin, such as http:\/\/127\.0\.0\.1:8080, got /,
      );
    }
  });
});

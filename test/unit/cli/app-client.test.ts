import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { appClient, isLoopbackHostname } from '../../../src/cli/app-client.js';
import { CliUsageError } from '../../../src/cli/io.js';
import { cli } from '../../support/cli.js';

const key = { ACI_VNET_SIDECARS_FUNCTION_KEY: 'function-key-of-the-app' };

describe('the function key over http', () => {
  test('goes over plain http to loopback only: 127.0.0.0/8, [::1] and localhost', () => {
    for (const url of [
      'http://127.0.0.1:7071',
      'http://127.8.9.10',
      'http://[::1]:7071',
      'http://localhost:7071',
      'http://LOCALHOST',
    ])
      assert.equal(appClient({ url }, key).hostUrl, new URL(url).origin, url);
  });

  test('goes over https to any host', () => {
    assert.equal(
      appClient({ url: 'https://func-contoso.azurewebsites.net' }, key).hostUrl,
      'https://func-contoso.azurewebsites.net',
    );
  });

  test('is refused for plain http to any other host, naming the fix', () => {
    for (const url of [
      'http://func-contoso.azurewebsites.net',
      'http://128.0.0.1:7071',
      'http://localhost.contoso.example',
      'http://[::ffff:127.0.0.1]',
      'http://0.0.0.0:7071',
    ]) {
      assert.throws(
        () => appClient({ url }, key),
        (error: unknown) =>
          error instanceof CliUsageError &&
          /is plain http to a host that is not this machine: .*use https:\/\//.test(error.message),
        url,
      );
    }
  });

  test('recognises loopback names as the URL parser spells them', () => {
    assert.equal(isLoopbackHostname(new URL('http://127.1').hostname), true);
    assert.equal(isLoopbackHostname(new URL('http://[0:0:0:0:0:0:0:1]').hostname), true);
    assert.equal(isLoopbackHostname('127.0.0.256'), false);
    assert.equal(isLoopbackHostname('localhost.'), false);
  });
});

describe('deploy and status against a plain http URL elsewhere', () => {
  const sent: string[] = [];
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    sent.length = 0;
    // Records instead of sending: the old behaviour must not reach the network either.
    globalThis.fetch = (input: string | URL | Request) => {
      sent.push(String(input instanceof Request ? input.url : input));
      return Promise.reject(new Error('the test allows no request'));
    };
    process.env.ACI_VNET_SIDECARS_FUNCTION_KEY = key.ACI_VNET_SIDECARS_FUNCTION_KEY;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
    delete process.env.ACI_VNET_SIDECARS_FUNCTION_KEY;
  });

  test('exits 2 before sending anything', async () => {
    const run = await cli('status', 'contoso-dev', '--url', 'http://func-contoso.example:7071');
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--url http:\/\/func-contoso\.example:7071 is plain http/);
    assert.deepEqual(sent, []);
    assert.doesNotMatch(run.stderr, /function-key-of-the-app/);
  });
});

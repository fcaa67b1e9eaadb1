import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  backendTlsOptions,
  loopbackTarget,
} from '../../../../local/runtime/gateway/backend-tls.js';
import type {
  ListenerConfig,
  RedirectConfig,
} from '../../../../local/runtime/gateway/config-types.js';
import { forwardedHeaders } from '../../../../local/runtime/gateway/forwarded-headers.js';
import { redirectAnswer } from '../../../../local/runtime/gateway/redirect.js';
import { createRoundRobin } from '../../../../local/runtime/gateway/round-robin.js';

const https: ListenerConfig = {
  id: 'l',
  name: 'https',
  frontendPort: 443,
  protocol: 'Https',
  hostNames: ['app.contoso.example'],
};
const toHttps: RedirectConfig = {
  id: 'r',
  name: 'http-to-https',
  redirectType: 'Permanent',
  targetListenerId: 'l',
  includePath: true,
  includeQueryString: true,
};

void describe('local gateway request parts', () => {
  void test('redirects to the target listener with path and query, on the port it is bound to', () => {
    const request = { host: 'app.contoso.example', url: '/a/b?x=1' };
    assert.deepEqual(redirectAnswer(toHttps, request, { listener: https, localPort: 8443 }), {
      status: 301,
      location: 'https://app.contoso.example:8443/a/b?x=1',
    });
    assert.deepEqual(redirectAnswer(toHttps, request, { listener: https, localPort: 443 }), {
      status: 301,
      location: 'https://app.contoso.example/a/b?x=1',
    });
    const bare = {
      ...toHttps,
      redirectType: 'Found' as const,
      includePath: false,
      includeQueryString: false,
    };
    assert.deepEqual(redirectAnswer(bare, request, { listener: https, localPort: 443 }), {
      status: 302,
      location: 'https://app.contoso.example/',
    });
  });

  void test('redirects to an external site', () => {
    const external = {
      ...toHttps,
      targetListenerId: undefined,
      targetUrl: 'https://example.org/x',
      redirectType: 'Temporary' as const,
    };
    assert.deepEqual(redirectAnswer(external, { host: 'h', url: '/p?q' }, undefined), {
      status: 307,
      location: 'https://example.org/x/p?q',
    });
  });

  void test('adds the six headers Azure inserts, appending the client to X-Forwarded-For', () => {
    const headers = forwardedHeaders(
      {
        host: 'app.contoso.example',
        'x-forwarded-for': '203.0.113.9:1234',
        connection: 'keep-alive',
        accept: '*/*',
      },
      {
        clientAddress: '::ffff:127.0.0.1',
        clientPort: 50000,
        frontendPort: 443,
        protocol: 'Https',
        url: '/api/ip?x=1',
        traceId: 'ac882cd65a2712a0fe1289ec2bb6aee7',
      },
    );
    assert.deepEqual(headers, {
      host: 'app.contoso.example',
      accept: '*/*',
      'x-forwarded-for': '203.0.113.9:1234, 127.0.0.1:50000',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      'x-original-host': 'app.contoso.example',
      'x-original-url': '/api/ip?x=1',
      'x-appgw-trace-id': 'ac882cd65a2712a0fe1289ec2bb6aee7',
    });
  });

  void test('takes healthy members in turn', () => {
    const rr = createRoundRobin();
    const picks = [1, 2, 3, 4].map(() => rr.order('pool', ['a', 'b'])[0]);
    assert.deepEqual(picks, ['a', 'b', 'a', 'b']);
    assert.deepEqual(
      rr.order('pool', ['a', 'b', 'c']),
      ['b', 'c', 'a'],
      'the second candidate is the retry',
    );
    assert.deepEqual(rr.order('empty', []), []);
  });

  void test('connects only to the loopback address the map gives', () => {
    const map = {
      address: (ip: string) => ip.replace(/^192\./, '127.'),
      port: (p: number) => p + 10000,
    };
    assert.deepEqual(loopbackTarget(map, '192.168.1.4', 443), { host: '127.168.1.4', port: 10443 });
    const leaky = { address: (ip: string) => ip, port: (p: number) => p };
    assert.throws(
      () => loopbackTarget(leaky, '192.168.1.4', 443),
      /connects only to 127\.0\.0\.0\/8/,
    );
  });

  void test('sends the host name as SNI, never an IP literal, and checks the certificate against it', () => {
    const trust = {
      trustedRootsPem: ['ROOT'],
      validateCertChainAndExpiry: true,
      validateSni: true,
    };
    const named = backendTlsOptions(trust, 'app.contoso.example', ['WELL-KNOWN']);
    assert.equal(named.servername, 'app.contoso.example');
    assert.deepEqual(named.ca, ['ROOT'], 'trusted roots replace the well-known CAs');
    assert.equal(backendTlsOptions(trust, '192.168.1.4', []).servername, undefined);
    assert.deepEqual(backendTlsOptions({ ...trust, trustedRootsPem: [] }, 'h', ['WELL-KNOWN']).ca, [
      'WELL-KNOWN',
    ]);
  });
});

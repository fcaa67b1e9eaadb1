import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, test } from 'node:test';
import { json, type FetchApp } from '../../../images/shared/fetch-app.js';
import { firstPrivateIpv4 } from '../../../images/shared/private-ip.js';
import { boundPort, portFrom, serve } from '../../../images/shared/serve.js';

/** The interfaces of a container in a VNet: loopback, and eth0 with a link-local IPv6 and the IPv4. */
const eth0 = (address: string) => ({
  lo: [
    {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4' as const,
      mac: '00:00:00:00:00:00',
      internal: true,
      cidr: '127.0.0.1/8',
    },
  ],
  eth0: [
    {
      address: 'fe80::1',
      netmask: 'ffff:ffff:ffff:ffff::',
      family: 'IPv6' as const,
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: 'fe80::1/64',
      scopeid: 2,
    },
    {
      address,
      netmask: '255.255.255.0',
      family: 'IPv4' as const,
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: `${address}/24`,
    },
  ],
});

describe('image helpers', () => {
  test('takes the first non-internal IPv4 address, skipping loopback and IPv6', () => {
    assert.deepEqual(firstPrivateIpv4(eth0('192.168.1.4')), {
      interfaceName: 'eth0',
      address: '192.168.1.4',
    });
    assert.equal(firstPrivateIpv4({ lo: eth0('x').lo }), undefined);
  });

  test('reads PORT, defaulting when unset and refusing what is not a port', () => {
    assert.equal(portFrom(undefined, 80), 80);
    assert.equal(portFrom('', 8080), 8080);
    assert.equal(portFrom('8081', 80), 8081);
    assert.throws(() => portFrom('http', 80), /PORT must be a TCP port number/);
    assert.throws(() => portFrom('70000', 80), /PORT must be a TCP port number/);
  });

  test('serves an app over loopback with its status, headers and request body', async () => {
    const echo: FetchApp = {
      fetch: async (req) =>
        json({ method: req.method, path: new URL(req.url).pathname, body: await req.text() }, 201, {
          'x-app': 'echo',
        }),
    };
    const server = await serve(echo, { port: 0, host: '127.0.0.1' });
    try {
      const answer = await new Promise<{ status: number; header: string; body: string }>(
        (resolve, reject) => {
          const req = request(
            { host: '127.0.0.1', port: boundPort(server), path: '/x?y=1', method: 'POST' },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  header: String(res.headers['x-app']),
                  body,
                }),
              );
            },
          );
          req.on('error', reject);
          req.end('hello');
        },
      );
      assert.equal(answer.status, 201);
      assert.equal(answer.header, 'echo');
      assert.deepEqual(JSON.parse(answer.body), { method: 'POST', path: '/x', body: 'hello' });
    } finally {
      server.close();
    }
  });

  test('answers 500 and logs one line when the app throws', async () => {
    const lines: string[] = [];
    const broken: FetchApp = { fetch: () => Promise.reject(new Error('boom')) };
    const server = await serve(broken, { port: 0, host: '127.0.0.1', log: (l) => lines.push(l) });
    try {
      const response = await fetch(`http://127.0.0.1:${boundPort(server)}/p`);
      assert.equal(response.status, 500);
      assert.deepEqual(lines, ['request GET /p failed: Error: boom']);
    } finally {
      server.close();
    }
  });
});

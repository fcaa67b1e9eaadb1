// The local Application Gateway against real HTTPS backends on 127.168.1.x: routing, probes,
// end-to-end TLS, redirects, time-outs, buffering, backend health. Loopback only; waits poll the
// gateway (probe intervals are time-scaled down to their 250 ms floor).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { ArmRecord } from '../../../local/runtime/types.js';
import { issueLeaf, pfxOf, testCa } from '../../support/gateway-pki.js';
import { gatewayRecord, HOST, type GatewayRecordOptions } from '../../support/gateway-record.js';
import { until } from '../../support/eventually.js';
import {
  call,
  fakeVault,
  healthOf,
  startBackends,
  startGateway,
  type Backend,
  type RunningGateway,
} from './gateway-rig.js';

const backendRoot = testCa('Backend Test Root');
const otherRoot = testCa('Untrusted Test Root');
const frontendRoot = testCa('Frontend Test Root');
const frontendLeaf = issueLeaf(frontendRoot, [HOST]);
const IP = {
  a: '192.168.1.4',
  b: '192.168.1.5',
  c: '192.168.1.6',
  d: '192.168.1.7',
  e: '192.168.1.8',
};

void describe('the local Application Gateway', () => {
  let backends: Record<string, Backend>;
  let backendPort: number;
  let closeBackends: () => Promise<void>;
  const running: RunningGateway[] = [];

  before(async () => {
    const good = issueLeaf(backendRoot, [HOST]);
    ({
      backends,
      port: backendPort,
      close: closeBackends,
    } = await startBackends([
      { name: 'a', privateIp: IP.a, leaf: good },
      { name: 'b', privateIp: IP.b, leaf: good },
      { name: 'c', privateIp: IP.c, leaf: issueLeaf(backendRoot, ['other.example']) },
      { name: 'd', privateIp: IP.d, leaf: issueLeaf(otherRoot, [HOST]) },
      { name: 'e', privateIp: IP.e, leaf: good },
    ]));
  });
  // One gateway at a time, so what a backend sees comes from the test that runs.
  afterEach(async () => {
    for (const r of running.splice(0)) await r.gateway.close();
  });
  after(() => closeBackends());

  const record = (members: string[], extra: Partial<GatewayRecordOptions> = {}): ArmRecord =>
    gatewayRecord({
      members,
      trustedRootsDer: [backendRoot.derBase64],
      probe: { interval: 1, timeout: 5, unhealthyThreshold: 2 },
      ...extra,
    });
  async function gatewayFor(r: ArmRecord) {
    const g = await startGateway(
      r,
      backendPort,
      fakeVault(pfxOf(frontendLeaf, frontendRoot), 'v1').readSecret,
    );
    running.push(g);
    return g;
  }
  const https = (g: RunningGateway, path: string) =>
    call(g.port('Https'), path, { ca: frontendRoot.certPem });
  /** Polls the gateway (no fixed sleep) until `check` holds, for at most 10 s. */
  const holds = (check: () => boolean, what: string) =>
    until(() => Promise.resolve(check()), { deadlineMs: 10_000, what });
  const allHealthy = (g: RunningGateway, ips: string[]) =>
    holds(
      () => ips.every((ip) => healthOf(g.gateway, ip) === 'Healthy'),
      `${ips.join(', ')} Healthy`,
    );

  void test('serves the listener certificate from Key Vault and routes round-robin over the healthy members', async () => {
    const g = await gatewayFor(record([IP.a, IP.b]));
    await allHealthy(g, [IP.a, IP.b]);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await https(g, '/whoami'));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200],
    );
    assert.equal(answers[0]?.serial, frontendLeaf.serial);
    const names = answers.map((a) => a.body);
    assert.notEqual(names[0], names[1]);
    assert.deepEqual([...names].sort(), ['a', 'a', 'b', 'b']);
  });

  void test('takes a member out of rotation after unhealthyThreshold failed probes, and back after one success', async () => {
    const g = await gatewayFor(record([IP.a, IP.b]));
    await allHealthy(g, [IP.a, IP.b]);
    const b = backends.b as Backend;
    b.setHealthy(false);
    const probesBefore = b.probes();
    try {
      await holds(() => healthOf(g.gateway, IP.b) === 'Unhealthy', 'b Unhealthy');
      assert.ok(b.probes() - probesBefore >= 2, 'marked down only once two probes in a row failed');
      const bodies = [];
      for (let i = 0; i < 4; i++) bodies.push((await https(g, '/whoami')).body);
      assert.deepEqual(bodies, ['a', 'a', 'a', 'a']);
      const down =
        g.reports.at(-1)?.backendAddressPools[0]?.backendHttpSettingsCollection[0]?.servers;
      assert.deepEqual(
        down?.map((s) => [s.address, s.health]),
        [
          [IP.a, 'Healthy'],
          [IP.b, 'Unhealthy'],
        ],
      );
      assert.match(down?.[1]?.healthProbeLog ?? '', /Expected:200-399 Received:500/);
    } finally {
      b.setHealthy(true);
    }
    await allHealthy(g, [IP.b]);
    const back = [];
    for (let i = 0; i < 4; i++) back.push((await https(g, '/whoami')).body);
    assert.ok(back.includes('b'), 'b gets requests again');
    assert.deepEqual(g.reports.at(-1), g.gateway.health(), 'the last report is the current health');
  });

  void test('takes a new member once the PUT has succeeded, and probes it before sending it traffic: Unknown, then Healthy', async () => {
    const g = await gatewayFor(record([IP.a]));
    await allHealthy(g, [IP.a]);
    const updating = record([IP.a, IP.e]);
    updating.properties.provisioningState = 'Updating';
    g.gateway.update(updating);
    assert.equal(healthOf(g.gateway, IP.e), undefined, 'not before the PUT has succeeded');
    g.gateway.update({
      ...updating,
      properties: { ...updating.properties, provisioningState: 'Succeeded' },
    });
    assert.equal(healthOf(g.gateway, IP.e), 'Unknown');
    await allHealthy(g, [IP.e]);
  });

  void test('marks a backend whose certificate names another host, or comes from an untrusted CA, Unhealthy, and answers 502', async () => {
    const g = await gatewayFor(record([IP.c, IP.d]));
    await holds(
      () => healthOf(g.gateway, IP.c) === 'Unhealthy' && healthOf(g.gateway, IP.d) === 'Unhealthy',
      'c and d Unhealthy',
    );
    const servers =
      g.gateway.health().backendAddressPools[0]?.backendHttpSettingsCollection[0]?.servers ?? [];
    assert.match(
      servers[0]?.healthProbeLog ?? '',
      /Common Name of the leaf certificate .* does not match/,
    );
    assert.match(servers[1]?.healthProbeLog ?? '', /doesn't match the trusted root certificate/);
    const answer = await https(g, '/whoami');
    assert.equal(answer.status, 502);
    assert.equal(answer.headers.server, 'Microsoft-Azure-Application-Gateway/v2');
    assert.match(answer.body, /502 Bad Gateway/);
    assert.equal((backends.c as Backend).requests.includes('/whoami'), false);
  });

  void test('checks the backend certificate on live traffic too: a member that changed it gets the client a 502', async () => {
    const e = backends.e as Backend;
    const g = await gatewayFor(
      gatewayRecord({
        members: [IP.e],
        trustedRootsDer: [backendRoot.derBase64],
        probe: { interval: 1, timeout: 5, unhealthyThreshold: 1000 },
      }),
    );
    await allHealthy(g, [IP.e]);
    e.setCertificate(issueLeaf(backendRoot, ['other.example']));
    try {
      const answer = await https(g, '/whoami');
      assert.equal(answer.status, 502);
      assert.ok(
        g.logs.some((l) =>
          /GET \/whoami .*502: 192\.168\.1\.8 .*ERR_TLS_CERT_ALTNAME_INVALID/.test(l),
        ),
        g.logs.join('\n'),
      );
    } finally {
      e.setCertificate(issueLeaf(backendRoot, [HOST]));
    }
  });

  void test('adds the forwarded headers and sends the settings host name as Host', async () => {
    const g = await gatewayFor(record([IP.a]));
    await allHealthy(g, [IP.a]);
    const headers = JSON.parse((await https(g, '/echo')).body) as Record<string, string>;
    assert.equal(headers.host, HOST);
    assert.match(headers['x-forwarded-for'] ?? '', /^127\.0\.0\.1:\d+$/);
    assert.equal(headers['x-forwarded-proto'], 'https');
    assert.equal(headers['x-forwarded-port'], '443');
    assert.equal(headers['x-original-host'], HOST);
    assert.equal(headers['x-original-url'], '/echo');
    assert.match(headers['x-appgw-trace-id'] ?? '', /^[0-9a-f]{32}$/);
  });

  void test('redirects the HTTP listener to the HTTPS listener with path and query', async () => {
    const g = await gatewayFor(record([IP.a]));
    const answer = await call(g.port('Http'), '/some/path?x=1', { protocol: 'Http' });
    assert.equal(answer.status, 301);
    assert.equal(answer.headers.location, `https://${HOST}:${g.port('Https')}/some/path?x=1`);
    const other = await call(g.port('Http'), '/', { protocol: 'Http', host: 'other.example' });
    assert.equal(other.status, 404, 'no listener serves another host name');
  });

  void test('tries a second member when the first does not answer within the request time-out, then answers 504', async () => {
    const g = await gatewayFor(record([IP.a, IP.b], { requestTimeout: 1 }));
    await allHealthy(g, [IP.a, IP.b]);
    const answer = await https(g, '/slow');
    assert.equal(answer.status, 504);
    const asked = ['a', 'b'].map(
      (n) => (backends[n] as Backend).requests.filter((p) => p === '/slow').length,
    );
    assert.deepEqual(asked, [1, 1]);
  });

  void test('buffers the whole response by default, and streams it with the response buffer disabled', async () => {
    const a = backends.a as Backend;
    const g = await gatewayFor(record([IP.a]));
    await allHealthy(g, [IP.a]);
    const asked = a.requests.length;
    const buffered = https(g, '/chunks');
    await holds(() => a.requests.slice(asked).includes('/chunks'), 'the backend asked');
    a.release();
    const whole = await buffered;
    assert.equal(whole.body, 'first\nsecond\n');
    assert.equal(whole.headers['content-length'], '13');

    g.gateway.update(record([IP.a], { responseBuffering: false }));
    let first = false;
    const streamed = call(
      g.port('Https'),
      '/chunks',
      { ca: frontendRoot.certPem },
      () => (first = true),
    );
    await holds(() => first, 'the first chunk before the end');
    a.release();
    const answer = await streamed;
    assert.equal(answer.body, 'first\nsecond\n');
    assert.equal(answer.headers['transfer-encoding'], 'chunked');
  });
});

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { deliver, fetchPost, type Post } from '../../../src/notifications/deliver.js';
import type { AttemptOutcome } from '../../../src/notifications/retry.js';
import { WebhookTarget } from '../../../src/notifications/index.js';
import { NOTIFY_DELIVERY } from '../../../src/retry-policies.js';

const TOKEN_PATH = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
const target = new WebhookTarget(new URL(`https://hooks.slack.com${TOKEN_PATH}`), 'slack');

/** A post that answers from a list, and a clock that moves only when the sender sleeps. */
function rig(...answers: AttemptOutcome[]) {
  let clock = 0;
  const posts: { url: string; body: string; timeoutMs: number; at: number }[] = [];
  const sleeps: number[] = [];
  const logs: string[] = [];
  const post: Post = (url, body, timeoutMs) => {
    posts.push({ url, body, timeoutMs, at: clock });
    return Promise.resolve(answers.shift() ?? { status: 200 });
  };
  const io = {
    post,
    sleep: (ms: number) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    now: () => clock,
    log: (line: string) => logs.push(line),
  };
  return { io, posts, sleeps, logs };
}

describe('delivering a notification', () => {
  test('500, then 429 with Retry-After, then 200: three requests, the last one delivers', async () => {
    const { io, posts, sleeps, logs } = rig(
      { status: 500 },
      { status: 429, retryAfter: '3' },
      { status: 200 },
    );
    const report = await deliver(target, { text: 'hi' }, NOTIFY_DELIVERY, io);
    assert.deepEqual(report, {
      delivered: true,
      attempts: 3,
      message: 'delivered to hooks.slack.com (3 attempts)',
    });
    assert.deepEqual(sleeps, [2_000, 3_000]);
    assert.deepEqual(
      posts.map((p) => p.body),
      Array(3).fill('{"text":"hi"}'),
    );
    assert.ok(posts.every((p) => p.url === `https://hooks.slack.com${TOKEN_PATH}`));
    assert.deepEqual(logs, [
      'hooks.slack.com: server error (500); retrying in 2000 ms (attempt 2)',
      'hooks.slack.com: throttled (429); retrying in 3000 ms (attempt 3)',
    ]);
  });

  test('a receiver that always fails is given up after the policy, and never throws', async () => {
    const { io, posts } = rig(
      ...Array.from({ length: 10 }, () => ({ networkError: 'network error ECONNREFUSED' })),
    );
    const report = await deliver(target, {}, NOTIFY_DELIVERY, io);
    assert.equal(report.delivered, false);
    assert.equal(posts.length, NOTIFY_DELIVERY.attempts);
    assert.equal(
      report.message,
      'not delivered to hooks.slack.com: network error ECONNREFUSED on each of 6 attempts',
    );
    const last = posts.at(-1)!;
    assert.ok(last.at <= NOTIFY_DELIVERY.totalMs, `the last request started at ${last.at} ms`);
    assert.ok(posts.every((p) => p.timeoutMs <= NOTIFY_DELIVERY.requestTimeoutMs));
  });

  test('the URL, its token, never reaches a log line or the report', async () => {
    const { io, logs } = rig({ status: 503 }, { status: 400, body: 'invalid_payload' });
    const report = await deliver(target, {}, NOTIFY_DELIVERY, io);
    assert.equal(report.message, 'not delivered to hooks.slack.com: refused (400 invalid_payload)');
    for (const text of [...logs, report.message, JSON.stringify(target), String(target)])
      assert.ok(!text.includes('XXXXXXXX') && !text.includes('/services/'), text);
  });
});

describe('one request (fetchPost), against 127.0.0.1', () => {
  test('a port nobody listens on is a network error, named by its code only', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    assert.deepEqual(await fetchPost(`http://127.0.0.1:${port}/hooks/T0K3N`, '{}', 2_000), {
      networkError: 'network error ECONNREFUSED',
    });
  });

  test('a redirect is answered as it is, not followed; Retry-After and the body start are read', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(302, { location: '/elsewhere', 'retry-after': '5' }).end('x'.repeat(500));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const outcome = await fetchPost(`http://127.0.0.1:${port}/hooks/T0K3N`, '{}', 2_000);
      assert.deepEqual(outcome, { status: 302, retryAfter: '5', body: 'x'.repeat(200) });
      assert.deepEqual(seen, ['/hooks/T0K3N']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

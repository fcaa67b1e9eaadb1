import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Agent, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { text, type FetchApp } from '../../../images/shared/fetch-app.js';
import { boundPort, closeOnSignals, drain, serve } from '../../../images/shared/serve.js';

/** An app whose `/slow` answers only when the test says so; everything else answers at once. */
function slowApp() {
  let arrived!: () => void;
  let release!: () => void;
  const arrivedP = new Promise<void>((resolve) => (arrived = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const app: FetchApp = {
    async fetch(request) {
      if (new URL(request.url).pathname !== '/slow') return text('fast\n');
      arrived();
      await released;
      return text('slow but complete\n');
    },
  };
  return { app, arrived: arrivedP, release };
}

interface Answer {
  status: number;
  body: string;
  connection: string | undefined;
}

function get(port: number, path: string, agent?: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether a new TCP connection to the port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function started(app: FetchApp): Promise<{ server: Server; port: number }> {
  const server = await serve(app, { port: 0, host: '127.0.0.1', log: () => {} });
  return { server, port: boundPort(server) };
}

describe('draining a workload server', () => {
  test('finishes the request in flight and refuses new connections meanwhile', async () => {
    const { app, arrived, release } = slowApp();
    const { server, port } = await started(app);
    const agent = new Agent({ keepAlive: true });
    const slow = get(port, '/slow', agent);
    await arrived;
    const drained = drain(server, new AbortController().signal);
    assert.equal(await accepts(port), false, 'a new connection is refused while draining');
    release();
    const answer = await slow;
    assert.deepEqual([answer.status, answer.body], [200, 'slow but complete\n']);
    // Sent with Connection: close, so the keep-alive client does not hold the drain open.
    assert.equal(answer.connection, 'close');
    assert.equal(await drained, 'drained');
    agent.destroy();
  });

  test('ends event streams at once, which would otherwise hold the drain until the deadline', async () => {
    let cancelled!: () => void;
    const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve));
    const app: FetchApp = {
      fetch: () =>
        Promise.resolve(
          new Response(
            new ReadableStream<Uint8Array>({
              start: (controller) => controller.enqueue(new TextEncoder().encode('data: 1\n\n')),
              cancel: () => cancelled(),
            }),
            { headers: { 'content-type': 'text/event-stream' } },
          ),
        ),
    };
    const { server, port } = await started(app);
    const ended = new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/events' }, (res) => {
        res.once('data', () => {
          void drain(server, new AbortController().signal).then(resolve);
        });
        res.on('error', () => undefined);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(await ended, 'drained');
    await wasCancelled;
  });

  test('cuts the requests still open when the deadline comes first', async () => {
    const { app, arrived } = slowApp();
    const { server, port } = await started(app);
    const slow = get(port, '/slow');
    await arrived;
    const deadline = new AbortController();
    const drained = drain(server, deadline.signal);
    deadline.abort();
    assert.equal(await drained, 'forced');
    await assert.rejects(slow, /socket hang up|ECONNRESET/);
  });

  test('on SIGTERM answers the request in flight, then exits 0', async () => {
    const { app, arrived, release } = slowApp();
    const { server, port } = await started(app);
    const signals = new EventEmitter();
    const exits: number[] = [];
    const lines: string[] = [];
    let exited!: () => void;
    const exitedP = new Promise<void>((resolve) => (exited = resolve));
    closeOnSignals(server, {
      signals,
      deadlineMs: 60_000,
      exit: (code) => (exits.push(code), exited()),
      log: (line) => lines.push(line),
    });
    const slow = get(port, '/slow');
    await arrived;
    signals.emit('SIGTERM');
    assert.equal(await accepts(port), false);
    assert.deepEqual(exits, [], 'not before the request in flight is answered');
    release();
    assert.equal((await slow).body, 'slow but complete\n');
    await exitedP;
    assert.deepEqual(exits, [0]);
    assert.deepEqual(lines, ['SIGTERM: finishing the requests in flight (at most 60 s)']);
  });

  test('on SIGTERM exits by the deadline even when a request never ends', async () => {
    const { app, arrived } = slowApp();
    const { server, port } = await started(app);
    const signals = new EventEmitter();
    const lines: string[] = [];
    const exit = new Promise<number>((resolve) =>
      closeOnSignals(server, { signals, deadlineMs: 0, exit: resolve, log: (l) => lines.push(l) }),
    );
    const slow = get(port, '/slow');
    await arrived;
    signals.emit('SIGTERM');
    signals.emit('SIGINT');
    assert.equal(await exit, 0);
    await assert.rejects(slow, /socket hang up|ECONNRESET/);
    assert.deepEqual(lines, [
      'SIGTERM: finishing the requests in flight (at most 0 s)',
      'requests still open after 0 s were cut',
    ]);
  });
});

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, test } from 'node:test';
import { boundPort, serve } from '../../../images/shared/serve.js';

/** An app whose one answer sends `first`, then stays open until the client goes away. */
function openEndedApp() {
  let cancelled: () => void = () => undefined;
  const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve));
  const app = {
    fetch: () =>
      Promise.resolve(
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('event: first\ndata: 1\n\n'));
            },
            cancel: () => cancelled(),
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
      ),
  };
  return { app, wasCancelled };
}

describe('workload images: serving a streamed answer', () => {
  test('passes each chunk on as it comes, and cancels the stream when the client leaves', async () => {
    const { app, wasCancelled } = openEndedApp();
    const server = await serve(app, { port: 0, host: '127.0.0.1', log: () => undefined });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: boundPort(server), path: '/' }, (res) => {
          res.once('data', (chunk: Buffer) => {
            resolve(chunk.toString());
            req.destroy();
          });
        });
        req.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ECONNRESET') reject(error);
        });
        // The old server collected the whole body first: an open-ended stream never answered.
        req.setTimeout(10_000, () => reject(new Error('no chunk arrived within 10 s')));
        req.end();
      });
      assert.equal(first, 'event: first\ndata: 1\n\n');
      await wasCancelled;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// Loopback ports of the local stack's children: a free one, or an early error for a busy one.
import { createServer } from 'node:net';
import { StackError } from './errors.js';

/** A port free on 127.0.0.1 right now, for a child told its port up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `requested`, or a free port when it is 0. */
export async function portOrFree(requested: number): Promise<number> {
  return requested === 0 ? freePort() : requested;
}

/** Fails with the fix when something already listens on `port` (another `npm start`?). */
export function assertPortFree(port: number, option: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new StackError(
          `port ${port} on 127.0.0.1 is already in use (another \`npm start\`?); stop it or pass ${option} with a free port (0 picks one)`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

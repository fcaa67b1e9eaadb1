import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { sqlProbe } from '../../../images/api/src/sql-probe.js';
import { staticToken } from '../../../src/azure/connection.js';

/** A loopback port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('api image: database probe', () => {
  test('rejects with the server and database named when SQL cannot be reached', async () => {
    const probe = sqlProbe({
      server: '127.0.0.1',
      port: await closedPort(),
      database: 'appdb',
      credential: staticToken('not-used'),
    });
    await assert.rejects(
      probe(),
      /^Error: SQL 127\.0\.0\.1\/appdb: Failed to connect to 127\.0\.0\.1:\d+/,
    );
  });
});

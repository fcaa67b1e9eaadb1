import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { adminRequest } from '../../support/admin.js';
import { localSettings } from '../../support/emulator-connection.js';

const SUB = '00000000-0000-4000-8000-0000000000c1';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-connection`;

/**
 * The app's clients come from `connect()` only: these tests go through it, so they fail when it
 * loses the app's retry policy (the SDK's own default retries differently: never a busy 409).
 */
describe('clients built by connect()', () => {
  let emu: EmulatorHandle;

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-connection-')),
      timeScale: 0.0001,
      // Resource provider registration is the providers stage's test; here it is done already.
      freshSubscription: false,
    });
    await adminRequest(emu, 'PUT', `${GROUP}?api-version=2025-04-01`, { location: 'westeurope' });
  });
  after(() => emu?.stop());

  function store(retries: string[]) {
    const connection = connect(localSettings(emu), {
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
      onRetry: (e) => retries.push(`${e.method} ${e.reason}`),
    });
    return createResourceStore(connection, SUB);
  }
  const fault = (body: Record<string, unknown>) =>
    adminRequest(emu, 'POST', '/_emulator/faults', body);

  test('retry a throttled request through the app policy, honouring Retry-After', async () => {
    const retries: string[] = [];
    await fault({
      scenario: 'throttled429RetryAfter',
      method: 'GET',
      pathPattern: 'rg-connection$',
      count: 2,
    });
    const group = await store(retries).get(GROUP, '2025-04-01');
    assert.equal(group?.name, 'rg-connection');
    assert.deepEqual(retries, ['GET throttled (429)', 'GET throttled (429)']);
  });

  test('retry a busy 409 (AnotherOperationInProgress), which the SDK alone would not', async () => {
    const retries: string[] = [];
    await fault({ scenario: 'conflict409', method: 'PUT', pathPattern: 'rg-connection$' });
    await store(retries).put(GROUP, '2025-04-01', { location: 'westeurope', tags: { a: 'b' } });
    assert.deepEqual(retries, ['PUT AnotherOperationInProgress (409)']);
  });

  test('send again a write whose connection dropped before its answer, and land it once', async () => {
    const retries: string[] = [];
    await fault({ scenario: 'droppedConnection', method: 'PUT', pathPattern: 'rg-connection$' });
    const before = ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as unknown[])
      .length;
    const written = await store(retries).put(GROUP, '2025-04-01', {
      location: 'westeurope',
      tags: { dropped: 'once' },
    });
    assert.equal(written.tags?.dropped, 'once');
    assert.equal(retries.length, 1, retries.join('; '));
    assert.match(retries[0] ?? '', /^PUT /);
    const puts = (
      (await adminRequest(emu, 'GET', '/_emulator/requests')).value as {
        method: string;
        path: string;
      }[]
    )
      .slice(before)
      .filter((r) => r.method === 'PUT' && r.path.endsWith('/rg-connection'));
    assert.equal(puts.length, 2, 'the dropped PUT was served, then sent again');
  });

  test('stop at the policy bound and report the service error', async () => {
    const retries: string[] = [];
    await fault({
      scenario: 'internalError500',
      method: 'GET',
      pathPattern: 'rg-connection$',
      count: 10,
    });
    await assert.rejects(
      store(retries).get(GROUP, '2025-04-01'),
      /\[transient\/InternalServerError\]/,
    );
    assert.equal(retries.length, 3, 'three retries, as configured');
    await adminRequest(emu, 'DELETE', '/_emulator/faults');
  });
});

import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { armOptions, fakeCredential, LRO, raw, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-faults';
type Logged = { method: string; path: string; status: number; changedState: boolean };

void describe('emulator admin API and faults', () => {
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;
  let resources: ResourceManagementClient;

  const requests = async () =>
    ((await raw(emu, 'GET', '/_emulator/requests')).body as { value: Logged[] }).value;
  const vnetBody = { location: 'westeurope', addressSpace: { addressPrefixes: ['10.1.0.0/16'] } };

  before(async () => {
    emu = await startTestEmulator();
    network = new NetworkManagementClient(fakeCredential, SUB, armOptions(emu));
    resources = new ResourceManagementClient(fakeCredential, SUB, armOptions(emu));
  });
  beforeEach(async () => {
    await raw(emu, 'POST', '/_emulator/reset');
    await resources.resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
  });
  after(() => emu.stop());

  void test('answers 429 with Retry-After and the SDK recovers with its own retry', async () => {
    await network.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'v1', vnetBody, LRO);
    const fault = await raw(emu, 'POST', '/_emulator/faults', {
      scenario: 'throttled429RetryAfter',
      method: 'GET',
      pathPattern: '/virtualNetworks/v1$',
      count: 2,
    });
    assert.equal(fault.status, 201);
    const vnet = await network.virtualNetworks.get(RG, 'v1');
    assert.equal(vnet.name, 'v1');
    const gets = (await requests()).filter(
      (r) => r.method === 'GET' && r.path.endsWith('/virtualNetworks/v1'),
    );
    assert.deepEqual(gets.map((r) => r.status).slice(-3), [429, 429, 200]);
  });

  void test('sends Retry-After in seconds and the scaled wait in x-ms-retry-after-ms', async () => {
    await raw(emu, 'POST', '/_emulator/faults', {
      scenario: 'throttled429RetryAfter',
      retryAfterSeconds: 30,
    });
    const res = await raw(
      emu,
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}?api-version=2021-04-01`,
    );
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '0');
    assert.equal(res.headers['x-ms-retry-after-ms'], '3');
    assert.equal((res.body as { error: { code: string } }).error.code, 'TooManyRequests');
  });

  void test('injects a 409 that the caller sees as AnotherOperationInProgress', async () => {
    await raw(emu, 'POST', '/_emulator/faults', {
      status: 409,
      method: 'PUT',
      pathPattern: '/virtualNetworks/',
    });
    await assert.rejects(
      network.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'v2', vnetBody, LRO),
      { statusCode: 409, code: 'AnotherOperationInProgress' },
    );
    const again = await network.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'v2', vnetBody, LRO);
    assert.equal(again.provisioningState, 'Succeeded');
  });

  void test('rejects a fault rule without a status, delay or scenario', async () => {
    const res = await raw(emu, 'POST', '/_emulator/faults', { pathPattern: '.*' });
    assert.equal(res.status, 400);
  });

  void test('delays a matched response without failing it', async () => {
    await raw(emu, 'POST', '/_emulator/faults', { scenario: 'slowResponse', delayMs: 300 });
    const started = Date.now();
    const res = await raw(
      emu,
      'GET',
      `/subscriptions/${SUB}/resourceGroups/${RG}?api-version=2021-04-01`,
    );
    assert.equal(res.status, 200);
    assert.equal((res.body as { name?: string }).name, RG);
    assert.ok(Date.now() - started >= 300, `answered after ${Date.now() - started} ms`);
  });

  void test('records every ARM request with its status and whether it changed state', async () => {
    await network.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'v3', vnetBody, LRO);
    await assert.rejects(network.virtualNetworks.get(RG, 'missing'));
    const log = await requests();
    const put = log.find((r) => r.method === 'PUT' && r.path.endsWith('/virtualNetworks/v3'));
    assert.equal(put?.changedState, true);
    const miss = log.find((r) => r.path.endsWith('/virtualNetworks/missing'));
    assert.deepEqual([miss?.status, miss?.changedState], [404, false]);
  });

  void test('shows every resource in the state dump and forgets them on reset', async () => {
    await network.virtualNetworks.beginCreateOrUpdateAndWait(RG, 'v4', vnetBody, LRO);
    const state = (await raw(emu, 'GET', '/_emulator/state')).body as {
      resources: { name: string }[];
    };
    assert.deepEqual(
      state.resources.map((r) => r.name),
      ['v4'],
    );
    await raw(emu, 'POST', '/_emulator/reset');
    const empty = (await raw(emu, 'GET', '/_emulator/state')).body as {
      resources: unknown[];
      resourceGroups: unknown[];
    };
    assert.deepEqual([empty.resources.length, empty.resourceGroups.length], [0, 0]);
  });
});

// On a manual clock: an operation ends only when the test moves time.
void describe('emulator slowOperation fault', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    network = new NetworkManagementClient(fakeCredential, SUB, armOptions(emu));
    const resources = new ResourceManagementClient(fakeCredential, SUB, armOptions(emu));
    await resources.resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
  });
  after(() => emu.stop());

  void test("keeps the matched PUT's operation InProgress for operationMs of Azure time", async () => {
    const fault = await raw(emu, 'POST', '/_emulator/faults', {
      scenario: 'slowOperation',
      pathPattern: '/virtualNetworks/slow$',
      operationMs: 60 * 60_000,
    });
    assert.equal(fault.status, 201);
    const poller = await network.virtualNetworks.beginCreateOrUpdate(
      RG,
      'slow',
      { location: 'westeurope', addressSpace: { addressPrefixes: ['10.2.0.0/16'] } },
      LRO,
    );
    clock.advance(10 * 60_000);
    await poller.poll();
    assert.equal(poller.getOperationState().status, 'running', 'far past the usual latency');
    assert.notEqual((await network.virtualNetworks.get(RG, 'slow')).provisioningState, 'Succeeded');
    clock.advance(50 * 60_000);
    const done = await poller.pollUntilDone();
    assert.equal(done.provisioningState, 'Succeeded');
  });
});

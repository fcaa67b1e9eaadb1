import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { raw, rgPath, startTestEmulator, SUB } from './helpers.js';

const API = 'api-version=2025-04-01';
const identity = (name: string) =>
  `${rgPath('rg')}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}?api-version=2024-11-30`;
const provider = (namespace: string) => `/subscriptions/${SUB}/providers/${namespace}`;
const MESSAGE =
  "The subscription is not registered to use namespace 'Microsoft.ManagedIdentity'. See https://aka.ms/rps-not-found for how to register subscriptions.";

describe('emulator: resource provider registration in a fresh subscription', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;

  before(async () => {
    emu = await startTestEmulator({ freshSubscription: true, clock, timeScale: 1 });
    const group = await raw(emu, 'PUT', `${rgPath('rg')}?${API}`, { location: 'westeurope' });
    assert.equal(group.status, 201, 'Microsoft.Resources is registered by default');
  });
  after(() => emu?.stop());

  test('refuses a PUT to an unregistered namespace with 409 MissingSubscriptionRegistration', async () => {
    const refused = await raw(emu, 'PUT', identity('id-a'), { location: 'westeurope' });
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body, {
      error: {
        code: 'MissingSubscriptionRegistration',
        message: MESSAGE,
        details: [
          {
            code: 'MissingSubscriptionRegistration',
            message: MESSAGE,
            target: 'Microsoft.ManagedIdentity',
          },
        ],
      },
    });
    const state = await raw(emu, 'GET', `${provider('microsoft.managedidentity')}?${API}`);
    assert.deepEqual(
      [state.status, (state.body as Record<string, unknown>).namespace],
      [200, 'Microsoft.ManagedIdentity'],
    );
    assert.equal((state.body as Record<string, unknown>).registrationState, 'NotRegistered');
  });

  test('registers a namespace in a minute of Azure time, refusing writes until it is Registered', async () => {
    const registered = await raw(
      emu,
      'POST',
      `${provider('Microsoft.ManagedIdentity')}/register?${API}`,
    );
    assert.equal(registered.status, 200);
    assert.equal((registered.body as Record<string, unknown>).registrationState, 'Registering');
    const early = await raw(emu, 'PUT', identity('id-b'), { location: 'westeurope' });
    assert.equal(early.status, 409);
    assert.match(JSON.stringify(early.body), /'Registering' state/);

    clock.advance(60_000);
    const state = await raw(emu, 'GET', `${provider('Microsoft.ManagedIdentity')}?${API}`);
    assert.equal((state.body as Record<string, unknown>).registrationState, 'Registered');
    const created = await raw(emu, 'PUT', identity('id-b'), { location: 'westeurope' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  });

  test('registers only the subscription that asked', async () => {
    const other = `/subscriptions/00000000-0000-4000-8000-000000000002/providers/Microsoft.ManagedIdentity`;
    const state = await raw(emu, 'GET', `${other}?${API}`);
    assert.equal((state.body as Record<string, unknown>).registrationState, 'NotRegistered');
  });

  test('refuses a POST action of an unregistered namespace too', async () => {
    const action = await raw(
      emu,
      'POST',
      `${rgPath('rg')}/providers/Microsoft.ContainerRegistry/registries/acr1/importImage?api-version=2025-11-01`,
      { source: { sourceImage: 'library/nginx:latest' } },
    );
    assert.equal(action.status, 409);
    assert.equal(
      (action.body as { error: { code: string } }).error.code,
      'MissingSubscriptionRegistration',
    );
  });

  test("lists Azure's default registrations as Registered from the start", async () => {
    const list = await raw(emu, 'GET', `/subscriptions/${SUB}/providers?${API}`);
    const states = new Map(
      (list.body as { value: { namespace: string; registrationState: string }[] }).value.map(
        (p) => [p.namespace, p.registrationState],
      ),
    );
    assert.equal(states.get('Microsoft.Resources'), 'Registered');
    assert.equal(states.get('Microsoft.Authorization'), 'Registered');
    assert.equal(states.get('Microsoft.EventGrid'), 'NotRegistered');
    assert.equal(states.get('Microsoft.ManagedIdentity'), 'Registered');
  });
});

describe('emulator: a subscription that has registered every namespace before', () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startTestEmulator({ freshSubscription: false });
    await raw(emu, 'PUT', `${rgPath('rg')}?${API}`, { location: 'westeurope' });
  });
  after(() => emu?.stop());

  test('accepts a write to any namespace at once', async () => {
    const created = await raw(emu, 'PUT', identity('id-c'), { location: 'westeurope' });
    assert.equal(created.status, 201);
  });
});

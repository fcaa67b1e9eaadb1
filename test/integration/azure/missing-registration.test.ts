// A write to a namespace the subscription is not registered for, as the app sees it: one request,
// no retry by any layer, and a failure that names the namespace and what registers it.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { AppError } from '../../../src/errors.js';
import { createAppServices } from '../../../src/services.js';
import { defineActivity, runActivity } from '../../../src/workflows/activity.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';

const SUB = '00000000-0000-4000-8000-0000000000aa';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-fresh`;
const IDENTITY = `${GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-fresh`;

describe('a write to a namespace the subscription is not registered for', () => {
  let emu: EmulatorHandle;

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-missing-registration-')),
      timeScale: 0.0001,
      freshSubscription: true,
    });
    await adminRequest(emu, 'PUT', `${GROUP}?api-version=2025-04-01`, { location: 'westeurope' });
  });
  after(() => emu?.stop());

  const put = () =>
    createResourceStore(emulatorConnection(emu), SUB).put(IDENTITY, '2024-11-30', {
      location: 'westeurope',
    });

  test('fails at once, naming the namespace and the stage that registers it', async () => {
    const error = await put().then(
      () => assert.fail('the PUT was accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof AppError);
    assert.equal(error.kind, 'validation');
    assert.equal(error.code, 'MissingSubscriptionRegistration');
    assert.match(
      error.detail,
      /^PUT userAssignedIdentities\/id-fresh: the subscription is not registered for the resource provider Microsoft\.ManagedIdentity\. The resource-providers stage registers every namespace the plan uses before any other stage writes: post the spec again to run it, or register it yourself with `az provider register --namespace Microsoft\.ManagedIdentity`\. \(The subscription is not registered to use namespace 'Microsoft\.ManagedIdentity'\./,
    );
    assert.doesNotMatch(error.message, /\n|at .*\.ts:\d+/, 'one line, no stack trace');
  });

  test('is sent once and returned as a failure, not thrown for Durable to retry as a conflict', async () => {
    const log = async () =>
      ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as { path: string }[]).filter(
        (r) => r.path.endsWith('/id-fresh'),
      ).length;
    const before = await log();
    const activity = defineActivity<null, string>({
      name: 'put-identity',
      retry: {
        firstRetryIntervalMs: 1,
        maxNumberOfAttempts: 5,
        backoffCoefficient: 1,
        maxRetryIntervalMs: 1,
      },
      run: async () => (await put()).id ?? '',
    });
    const services = createAppServices(localSettings(emu), emulatorConnection(emu), () => {});
    const outcome = await runActivity(activity, () => services, null);
    assert.equal(outcome.kind, 'failed');
    assert.equal(
      outcome.kind === 'failed' && outcome.failure.code,
      'MissingSubscriptionRegistration',
    );
    assert.equal((await log()) - before, 1, 'the HTTP pipeline did not retry it');
  });
});

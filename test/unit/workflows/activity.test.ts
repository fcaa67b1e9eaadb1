import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RestError } from '@azure/core-rest-pipeline';
import { StillRunning } from '../../../src/activity-deadline.js';
import { toAppError } from '../../../src/azure/azure-error.js';
import { AppError } from '../../../src/errors.js';
import { STAGE_ACTIVITIES } from '../../../src/provisioning/deploy.activities.js';
import type { AppServices } from '../../../src/services.js';
import { readSettings, type AppSettings } from '../../../src/settings.js';
import {
  defineActivity,
  notReady,
  outcomeOf,
  runActivity,
  type ActivityTask,
  type NotReady,
} from '../../../src/workflows/activity.js';
import { exampleInput } from '../../support/specs.js';

function settingsWith(env: Record<string, string> = {}): AppSettings {
  const read = readSettings(env);
  assert.ok(read.ok);
  return read.settings;
}

/** Services that fail the test if any Azure call is attempted. */
function offlineServices(settings = settingsWith(), lines: string[] = []): AppServices {
  const refuse = () => {
    throw new Error('no Azure call was expected');
  };
  return {
    settings,
    connection: undefined as never,
    store: () => ({ get: refuse, put: refuse, delete: refuse, list: refuse }),
    vault: refuse,
    publicZone: refuse,
    nameServers: refuse,
    now: () => new Date('2026-11-30T00:00:00Z'),
    sleep: () => Promise.resolve(),
    log: (line) => lines.push(line),
  };
}

const answering = (answer: () => Promise<string | NotReady>) =>
  defineActivity<null, string>({
    name: 'probe',
    retry: {
      firstRetryIntervalMs: 1,
      maxNumberOfAttempts: 1,
      backoffCoefficient: 1,
      maxRetryIntervalMs: 1,
    },
    run: answer,
  });

describe('activities: which layer retries what', () => {
  test('hand a result across the Durable boundary as a value', async () => {
    const outcome = await runActivity(
      answering(() => Promise.resolve('ok')),
      () => offlineServices(),
      null,
    );
    assert.deepEqual(outcome, { kind: 'done', value: 'ok' });
  });

  test('answer "not ready" with 15 s between checks in Azure, scaled down locally', async () => {
    const waiting = answering(() => Promise.resolve(notReady('ci-x-app-1 has no IP yet')));
    const azure = await runActivity(waiting, () => offlineServices(), null);
    assert.deepEqual(azure, {
      kind: 'not-ready',
      message: 'ci-x-app-1 has no IP yet',
      retryAfterMs: 15_000,
    });
    const local = settingsWith({ ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '50' });
    const scaled = await runActivity(waiting, () => offlineServices(local), null);
    assert.equal(scaled.kind === 'not-ready' && scaled.retryAfterMs, 500);
    const tight = settingsWith({ ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '1' });
    const floor = await runActivity(waiting, () => offlineServices(tight), null);
    assert.equal(floor.kind === 'not-ready' && floor.retryAfterMs, 100);
  });

  test('run within their budget: a deadline that far from the start, and what still runs then is "not ready"', async () => {
    let seen: AppServices | undefined;
    const budgeted = defineActivity<null, string>({
      ...answering(() => Promise.resolve('ok')),
      budget: { waitMs: 90_000 },
      run: (services) => {
        seen = services;
        return Promise.resolve('ok');
      },
    });
    const instances = () => Promise.resolve('Running');
    await runActivity(budgeted, () => offlineServices(), null, instances);
    assert.equal(seen?.deadline?.at, Date.parse('2026-11-30T00:00:00Z') + 90_000);
    assert.equal(seen?.instances, instances, "the host's view of the Durable instances");
    assert.equal(answering(() => Promise.resolve('ok')).budget.waitMs, 10 * 60_000, 'the default');

    const running = new StillRunning('PUT applicationGateways/agw-x is still running after …');
    const outcome = await runActivity(
      answering(() => Promise.reject(running)),
      () => offlineServices(),
      null,
    );
    assert.deepEqual(outcome, {
      kind: 'not-ready',
      message: 'PUT applicationGateways/agw-x is still running after …',
      retryAfterMs: 15_000,
    });
  });

  test('throw an etag conflict, so that Durable runs the whole activity again from a fresh read', async () => {
    const conflict = toAppError(new RestError('etag', { statusCode: 412 }), 'PUT gateways/agw-x');
    await assert.rejects(
      runActivity(
        answering(() => Promise.reject(conflict)),
        () => offlineServices(),
        null,
      ),
      /\[conflict\/Http412\]/,
    );
  });

  test('throw a superseded long-running operation, which no single request could retry', async () => {
    const superseded = toAppError(
      new Error(
        'The long-running operation has failed. CanceledAndSupersededDueToAnotherOperation. Superseded.',
      ),
      'PUT applicationGateways/agw-x',
    );
    await assert.rejects(
      runActivity(
        answering(() => Promise.reject(superseded)),
        () => offlineServices(),
        null,
      ),
      /CanceledAndSupersededDueToAnotherOperation/,
    );
  });

  test('return throttling the HTTP pipeline already retried, so retries never multiply', async () => {
    const throttled = toAppError(
      new RestError('Too many requests', { statusCode: 429, code: 'TooManyRequests' }),
      'PUT containerGroups/ci-x-app-1',
    );
    const outcome = await runActivity(
      answering(() => Promise.reject(throttled)),
      () => offlineServices(),
      null,
    );
    assert.equal(outcome.kind, 'failed');
    assert.deepEqual(outcome.kind === 'failed' && [outcome.failure.kind, outcome.failure.code], [
      'transient',
      'TooManyRequests',
    ]);
  });

  test('return invalid settings and unexpected errors as failures, with their message', async () => {
    const settings = await runActivity(
      answering(() => Promise.resolve('never')),
      () => {
        throw new AppError('validation', 'InvalidSettings', 'the app settings are not valid');
      },
      null,
    );
    assert.deepEqual(settings, {
      kind: 'failed',
      failure: {
        kind: 'validation',
        code: 'InvalidSettings',
        message: 'the app settings are not valid',
      },
    });
    const bug = await runActivity(
      answering(() => Promise.reject(new TypeError('x is undefined'))),
      () => offlineServices(),
      null,
    );
    assert.deepEqual(bug.kind === 'failed' && bug.failure.kind, 'unexpected');
  });
});

describe('stage activities', () => {
  test('refuse to apply a plan other than the one the deployment started with', async () => {
    const lines: string[] = [];
    const outcome = await runActivity(
      STAGE_ACTIVITIES.identities,
      () => offlineServices(settingsWith(), lines),
      { spec: exampleInput('minimal'), fingerprint: '0123456789abcdef' },
    );
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.kind === 'failed' && outcome.failure.code, 'PlanChanged');
    assert.match(
      outcome.kind === 'failed' ? outcome.failure.message : '',
      /contoso-dev is not the one this deployment started with .* post the spec again/,
    );
  });

  test('are one per stage of the stage table, each under its stage name', () => {
    assert.deepEqual(
      Object.values(STAGE_ACTIVITIES).map((a) => a.name),
      Object.keys(STAGE_ACTIVITIES).map((stage) => `stage-${stage}`),
    );
  });
});

describe('an activity task whose Durable retries are spent', () => {
  test("fails with the last attempt's kind, code and message, which durable-functions keeps as its result", () => {
    const faulted = {
      isFaulted: true,
      result: new Error(
        '[transient/Canceled] PUT containerGroups/ci-x-app-2: the operation ended Canceled',
      ),
    } as unknown as ActivityTask<unknown>;
    assert.deepEqual(outcomeOf(faulted), {
      kind: 'failed',
      failure: {
        kind: 'transient',
        code: 'Canceled',
        message: 'PUT containerGroups/ci-x-app-2: the operation ended Canceled',
      },
    });
    const bare = { isFaulted: true } as unknown as ActivityTask<unknown>;
    assert.equal(outcomeOf(bare).kind, 'failed');
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArmResource } from '../../../src/azure/resources.js';
import {
  changesOf,
  logTail,
  migrationFingerprint,
  migrationRun,
} from '../../../src/provisioning/database-migration.js';

/** A container group as its GET answers, with the `migrate` container in `currentState`. */
function group(
  properties: Record<string, unknown>,
  current?: Record<string, unknown>,
  events: { message: string }[] = [],
): ArmResource {
  return {
    properties: {
      ...properties,
      containers: [
        {
          name: 'migrate',
          properties: { instanceView: { ...(current ? { currentState: current } : {}), events } },
        },
      ],
    },
  };
}

describe("reading the migration group's run", () => {
  test('has exited once the container is Terminated with an exit code, whatever the group says', () => {
    const done = group({ instanceView: { state: 'Failed' } }, { state: 'Terminated', exitCode: 3 });
    assert.deepEqual(migrationRun(done, 'migrate'), { kind: 'exited', exitCode: 3 });
    const ok = group(
      { instanceView: { state: 'Succeeded' } },
      { state: 'Terminated', exitCode: 0 },
    );
    assert.deepEqual(migrationRun(ok, 'migrate'), { kind: 'exited', exitCode: 0 });
  });

  test('is still running while the container waits or runs, naming the states and the last event', () => {
    const pulling = group(
      { provisioningState: 'Creating', instanceView: { state: 'Pending' } },
      { state: 'Waiting' },
      [{ message: 'pulling image "acr.azurecr.io/migrate:latest"' }],
    );
    assert.deepEqual(migrationRun(pulling, 'migrate'), {
      kind: 'running',
      state: 'group Pending, container Waiting, pulling image "acr.azurecr.io/migrate:latest"',
    });
    assert.deepEqual(migrationRun({ properties: {} }, 'migrate'), {
      kind: 'running',
      state: 'group creating, container not started',
    });
  });

  test('has failed when the group failed without an exit code (provisioning, image pull)', () => {
    const failed = group(
      { provisioningState: 'Failed', instanceView: { state: 'Pending' } },
      undefined,
      [{ message: 'Failed to pull image' }],
    );
    assert.deepEqual(migrationRun(failed, 'migrate'), {
      kind: 'failed',
      reason: 'provisioning Failed, group Pending: Failed to pull image',
    });
  });
});

describe("the migration's fingerprint and log", () => {
  test('changes with the body or the image content, and with nothing else', () => {
    const body = { properties: { containers: [{ name: 'migrate' }] } };
    const same = migrationFingerprint(body, 'abc');
    assert.equal(migrationFingerprint(structuredClone(body), 'abc'), same);
    assert.notEqual(migrationFingerprint(body, 'abd'), same);
    assert.notEqual(migrationFingerprint({ ...body, tags: { a: 'b' } }, 'abc'), same);
    assert.match(same, /^[0-9a-f]{32}$/);
  });

  test('keeps the last non-empty lines, and reads the change count from the summary line', () => {
    assert.deepEqual(logTail('a\n\nb  \nc\n', 2), ['b', 'c']);
    assert.equal(changesOf(['migrate: + x', 'migrate: 4 changes']), 4);
    assert.equal(changesOf(['migrate: 0 changes: the database already had …']), 0);
    assert.equal(changesOf(['migrate: 1 change']), 1);
    assert.equal(changesOf(['the emulator ran nothing']), undefined);
  });
});

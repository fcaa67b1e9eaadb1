// POST /api/environments and a teardown of the same environment: refused while the teardown
// runs; once it has completed, the name is free, even for another resource group.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { startDeployment } from '../../../src/provisioning/environments-api.js';
import { readSettings } from '../../../src/settings.js';
import { exampleInput, specWith } from '../../support/specs.js';

const read = readSettings({});
assert.ok(read.ok);
const settings = read.settings;

/** The minimal example deployed at 10:00, and its teardown (started at 11:00) in `teardown`. */
function fakeClient(teardown: string) {
  const started: string[] = [];
  const statuses: Record<string, { runtimeStatus: string; createdTime: Date }> = {
    'environment-contoso-dev': {
      runtimeStatus: 'Completed',
      createdTime: new Date('2026-11-26T10:00:00Z'),
    },
    'teardown-contoso-dev': {
      runtimeStatus: teardown,
      createdTime: new Date('2026-11-26T11:00:00Z'),
    },
  };
  const client = {
    getStatus: (instanceId: string) => {
      const status = statuses[instanceId];
      return status
        ? Promise.resolve({
            instanceId,
            lastUpdatedTime: status.createdTime,
            input: { environment: 'contoso-dev', spec: exampleInput('minimal') },
            ...status,
          })
        : Promise.reject(new Error('Durable Functions extension replied with HTTP 404 response.'));
    },
    startNew: (name: string) => {
      started.push(name);
      return Promise.resolve('id');
    },
  } as unknown as Pick<DurableClient, 'getStatus' | 'startNew'>;
  return { client, started };
}

const origin = 'http://127.0.0.1:7071';

describe('deploying an environment that is or was torn down', () => {
  test('refuses with 409 while its teardown runs, saying where to follow it', async () => {
    const { client, started } = fakeClient('Running');
    const response = await startDeployment(client, exampleInput('minimal'), origin, settings);
    assert.equal(response.status, 409);
    const error = (response.jsonBody as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'TeardownInProgress');
    assert.match(
      error.message,
      /follow it at http:\/\/127\.0\.0\.1:7071\/api\/environments\/contoso-dev\/teardown/,
    );
    assert.deepEqual(started, []);
  });

  test('deploys it again once the teardown has completed, in another resource group too', async () => {
    const { client, started } = fakeClient('Completed');
    const response = await startDeployment(
      client,
      specWith({ resourceGroup: 'rg-contoso-elsewhere' }),
      origin,
      settings,
    );
    assert.equal(response.status, 202, JSON.stringify(response.jsonBody));
    assert.deepEqual(started, ['deployEnvironment']);
  });

  test('keeps refusing another location after a teardown that failed: the environment is partly there', async () => {
    const { client } = fakeClient('Failed');
    const response = await startDeployment(
      client,
      specWith({ resourceGroup: 'rg-contoso-elsewhere' }),
      origin,
      settings,
    );
    assert.equal(response.status, 409);
  });
});

// DELETE /api/environments/{name} and GET /api/environments/{name}/teardown over a fake durable
// client: who gets 404, 409 and 202, and that a second DELETE meets the running teardown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { startTeardown, teardownStatus } from '../../../src/teardown/teardown-api.js';
import { exampleInput } from '../../support/specs.js';

type Instance = {
  runtimeStatus: string;
  createdTime?: Date;
  customStatus?: unknown;
  output?: unknown;
  input?: unknown;
};

/** A durable client holding the instances given, by id; every call it gets is recorded. */
function fakeClient(instances: Record<string, Instance>) {
  const started: { name: string; instanceId: string; input: unknown }[] = [];
  const terminated: string[] = [];
  const client = {
    getStatus: (instanceId: string) => {
      const found = instances[instanceId];
      if (!found)
        return Promise.reject(
          new Error(
            'DurableClient error: Durable Functions extension replied with HTTP 404 response.',
          ),
        );
      return Promise.resolve({
        instanceId,
        createdTime: new Date('2026-11-26T10:00:00Z'),
        lastUpdatedTime: new Date('2026-11-26T10:05:00Z'),
        input: { environment: 'contoso-dev', spec: exampleInput('minimal') },
        ...found,
      });
    },
    startNew: (name: string, options: { instanceId: string; input?: unknown }) => {
      started.push({ name, instanceId: options.instanceId, input: options.input });
      instances[options.instanceId] = { runtimeStatus: 'Pending' };
      return Promise.resolve(options.instanceId);
    },
    terminate: (instanceId: string) => {
      terminated.push(instanceId);
      return Promise.resolve();
    },
  } as unknown as Pick<DurableClient, 'getStatus' | 'startNew' | 'terminate'>;
  return { client, started, terminated };
}

const origin = 'http://127.0.0.1:7071';
const deployed = { 'environment-contoso-dev': { runtimeStatus: 'Completed' } };

describe('DELETE /api/environments/{name}', () => {
  test('starts the teardown with the last deployed spec, stops the reconcile, and answers 202 with its status URL', async () => {
    const { client, started, terminated } = fakeClient({
      ...deployed,
      'reconcile-contoso-dev': { runtimeStatus: 'Running' },
      'renew-contoso-dev': { runtimeStatus: 'Completed' },
    });
    const response = await startTeardown(client, 'contoso-dev', origin);
    assert.equal(response.status, 202);
    const uri = 'http://127.0.0.1:7071/api/environments/contoso-dev/teardown';
    assert.deepEqual(response.jsonBody, {
      environment: 'contoso-dev',
      instanceId: 'teardown-contoso-dev',
      statusUri: uri,
    });
    assert.equal(response.headers?.location, uri);
    assert.deepEqual(
      started.map((s) => [s.name, s.instanceId]),
      [['teardownEnvironment', 'teardown-contoso-dev']],
    );
    assert.deepEqual(started[0]?.input, {
      environment: 'contoso-dev',
      spec: exampleInput('minimal'),
    });
    assert.deepEqual(terminated, ['reconcile-contoso-dev']);
  });

  test('answers 404 for an environment this app never deployed', async () => {
    const { client, started } = fakeClient({});
    const response = await startTeardown(client, 'contoso-dev', origin);
    assert.equal(response.status, 404);
    assert.match(JSON.stringify(response.jsonBody), /never deployed by this app/);
    assert.deepEqual(started, []);
  });

  test('answers 409 while a deployment of the environment runs', async () => {
    const { client, started } = fakeClient({
      'environment-contoso-dev': { runtimeStatus: 'Running' },
    });
    const response = await startTeardown(client, 'contoso-dev', origin);
    assert.equal(response.status, 409);
    const error = (response.jsonBody as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'DeploymentInProgress');
    assert.match(error.message, /wait until it has ended .*then DELETE again/);
    assert.deepEqual(started, []);
  });

  test('meets a running teardown instead of starting another: the same instance, 202', async () => {
    const { client, started } = fakeClient({
      ...deployed,
      'teardown-contoso-dev': { runtimeStatus: 'Running' },
    });
    const response = await startTeardown(client, 'contoso-dev', origin);
    assert.equal(response.status, 202);
    assert.equal((response.jsonBody as { instanceId: string }).instanceId, 'teardown-contoso-dev');
    assert.deepEqual(started, []);
  });

  test('answers a completed teardown as it is, and starts a failed one again (it resumes)', async () => {
    const done = fakeClient({
      ...deployed,
      'teardown-contoso-dev': {
        runtimeStatus: 'Completed',
        createdTime: new Date('2026-11-26T11:00:00Z'),
      },
    });
    assert.equal((await startTeardown(done.client, 'contoso-dev', origin)).status, 202);
    assert.deepEqual(done.started, []);
    const failed = fakeClient({
      ...deployed,
      'teardown-contoso-dev': {
        runtimeStatus: 'Failed',
        createdTime: new Date('2026-11-26T11:00:00Z'),
      },
    });
    assert.equal((await startTeardown(failed.client, 'contoso-dev', origin)).status, 202);
    assert.equal(failed.started.length, 1);
  });

  test('tears down again what a deployment after the last teardown created', async () => {
    const { client, started } = fakeClient({
      'environment-contoso-dev': {
        runtimeStatus: 'Failed',
        createdTime: new Date('2026-11-26T12:00:00Z'),
      },
      'teardown-contoso-dev': {
        runtimeStatus: 'Completed',
        createdTime: new Date('2026-11-26T11:00:00Z'),
      },
    });
    assert.equal((await startTeardown(client, 'contoso-dev', origin)).status, 202);
    assert.equal(started.length, 1);
  });

  test('answers 400 for a name the spec would refuse, before asking the Durable client', async () => {
    const { client } = fakeClient({});
    const response = await startTeardown(client, 'Not_A_Name', origin);
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(response.jsonBody), /InvalidEnvironmentName/);
  });
});

describe('GET /api/environments/{name}/teardown', () => {
  test('lists every step in order with its state, and the summary once it has completed', async () => {
    const summary = {
      environment: 'contoso-dev',
      deleted: ['a'],
      alreadyGone: [],
      softDeleted: [],
      kept: [],
      notes: [],
    };
    const { client } = fakeClient({
      'teardown-contoso-dev': {
        runtimeStatus: 'Completed',
        customStatus: {
          environment: 'contoso-dev',
          steps: { workflows: { state: 'succeeded', summary: 'reconcile and renewal stopped' } },
        },
        output: summary,
      },
    });
    const response = await teardownStatus(client, 'contoso-dev');
    assert.equal(response.status, 200);
    const body = response.jsonBody as {
      steps: { step: string; state: string }[];
      summary: unknown;
    };
    assert.deepEqual(
      body.steps.map((s) => s.step),
      [
        'workflows',
        'inventory',
        'event-grid',
        'gateway',
        'container-groups',
        'dns-records',
        'private-endpoint',
        'database',
        'registry',
        'key-vault',
        'private-dns',
        'network',
        'identities',
        'resource-group',
      ],
    );
    assert.equal(body.steps[0]?.state, 'succeeded');
    assert.equal(body.steps[1]?.state, 'pending');
    assert.deepEqual(body.summary, summary);
  });

  test('answers 404 when no teardown is known, saying how to start one', async () => {
    const { client } = fakeClient({});
    const response = await teardownStatus(client, 'contoso-dev');
    assert.equal(response.status, 404);
    assert.match(
      JSON.stringify(response.jsonBody),
      /DELETE \/api\/environments\/contoso-dev starts one/,
    );
  });
});

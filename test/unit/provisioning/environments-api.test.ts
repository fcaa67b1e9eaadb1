import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { deploymentStatus, startDeployment } from '../../../src/provisioning/environments-api.js';
import { readSettings } from '../../../src/settings.js';
import { exampleInput, specWith } from '../../support/specs.js';

/** A durable client that remembers one instance: only the calls the endpoints make. */
function fakeClient(existing?: {
  runtimeStatus: string;
  customStatus?: unknown;
  output?: unknown;
}) {
  const started: { name: string; instanceId: string }[] = [];
  const inputs: unknown[] = [];
  const client = {
    getStatus: (instanceId: string) =>
      existing
        ? Promise.resolve({
            instanceId,
            createdTime: new Date('2026-11-26T10:00:00Z'),
            lastUpdatedTime: new Date('2026-11-26T10:05:00Z'),
            ...existing,
          })
        : Promise.reject(
            new Error(
              'DurableClient error: Durable Functions extension replied with HTTP 404 response.',
            ),
          ),
    startNew: (name: string, options: { instanceId: string; input?: unknown }) => {
      started.push({ name, instanceId: options.instanceId });
      inputs.push(options.input);
      return Promise.resolve(options.instanceId);
    },
    createHttpManagementPayload: (id: string) => ({
      id,
      statusQueryGetUri: `http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/${id}`,
    }),
  } as unknown as Pick<DurableClient, 'getStatus' | 'startNew' | 'createHttpManagementPayload'>;
  return { client, started, inputs };
}

const origin = 'http://127.0.0.1:7071';
const read = readSettings({});
assert.ok(read.ok);
const settings = read.settings;

describe('POST /api/environments', () => {
  test('starts the deployment under the environment instance id and answers 202 with where to look', async () => {
    const { client, started } = fakeClient();
    const response = await startDeployment(client, exampleInput('minimal'), origin, settings);
    assert.equal(response.status, 202);
    assert.deepEqual(started, [
      { name: 'deployEnvironment', instanceId: 'environment-contoso-dev' },
    ]);
    assert.equal(response.headers?.location, 'http://127.0.0.1:7071/api/environments/contoso-dev');
  });

  test("hands the plan's warnings to the deployment and shows them in the 202", async () => {
    const { client, inputs } = fakeClient();
    const noNat = specWith({ network: { natGateway: { enabled: false } } });
    const response = await startDeployment(client, noNat, origin, settings);
    assert.equal(response.status, 202);
    const codes = (warnings: unknown) => (warnings as { code: string }[]).map((w) => w.code);
    assert.deepEqual(codes((response.jsonBody as { warnings: unknown }).warnings), [
      'NatGatewayDisabled',
    ]);
    assert.deepEqual(codes((inputs[0] as { warnings: unknown }).warnings), ['NatGatewayDisabled']);
  });

  test('refuses a second deployment of an environment while one runs, naming it', async () => {
    const { client, started } = fakeClient({ runtimeStatus: 'Running' });
    const response = await startDeployment(client, exampleInput('minimal'), origin, settings);
    assert.equal(response.status, 409);
    assert.match(
      JSON.stringify(response.jsonBody),
      /environment contoso-dev is already being deployed by instance environment-contoso-dev \(started 2026-11-26T10:00:00.000Z\)/,
    );
    assert.deepEqual(started, []);
  });

  test('starts again after a failed deployment: the stages then resume where they stopped', async () => {
    const { client, started } = fakeClient({ runtimeStatus: 'Failed' });
    assert.equal(
      (await startDeployment(client, exampleInput('minimal'), origin, settings)).status,
      202,
    );
    assert.equal(started.length, 1);
  });

  test('answers 400 with every problem of an invalid spec and starts nothing', async () => {
    const { client, started } = fakeClient();
    const response = await startDeployment(
      client,
      specWith({ app: { instances: 0 }, location: 'West Europe' }),
      origin,
      settings,
    );
    assert.equal(response.status, 400);
    const error = (response.jsonBody as { error: { code: string; problems: { path: string }[] } })
      .error;
    assert.equal(error.code, 'InvalidSpec');
    assert.deepEqual(
      error.problems.map((p) => p.path),
      ['location', 'app.instances'],
    );
    assert.deepEqual(started, []);
  });
});

describe('GET /api/environments/{name}', () => {
  test('lists the stages in provisioning order with their state and error', async () => {
    const { client } = fakeClient({
      runtimeStatus: 'Failed',
      output: 'stage certificate failed: [not-found/PublicZoneMissing] the public DNS zone …',
      customStatus: {
        environment: 'contoso-dev',
        stages: {
          certificate: {
            state: 'failed',
            error: { code: 'PublicZoneMissing', message: 'the public DNS zone …' },
          },
          identities: { state: 'succeeded', summary: '2 created' },
          'container-groups': { state: 'skipped' },
        },
      },
    });
    const response = await deploymentStatus(client, 'contoso-dev');
    const body = response.jsonBody as {
      runtimeStatus: string;
      stages: { stage: string; state: string }[];
      error: string;
    };
    assert.equal(response.status, 200);
    assert.deepEqual(
      body.stages.map((s) => `${s.stage}:${s.state}`),
      ['identities:succeeded', 'certificate:failed', 'container-groups:skipped'],
    );
    assert.match(body.error, /PublicZoneMissing/);
  });

  test("shows the plan's warnings beside the stages", async () => {
    const warning = {
      code: 'NatGatewayDisabled',
      field: 'network.natGateway.enabled',
      message: 'm',
    };
    const { client } = fakeClient({
      runtimeStatus: 'Running',
      customStatus: { environment: 'contoso-dev', stages: {}, warnings: [warning] },
    });
    const body = (await deploymentStatus(client, 'contoso-dev')).jsonBody as { warnings: unknown };
    assert.deepEqual(body.warnings, [warning]);
  });

  test('answers 404 for an environment never deployed, saying how to deploy it', async () => {
    const { client } = fakeClient();
    const response = await deploymentStatus(client, 'nope');
    assert.equal(response.status, 404);
    assert.match(JSON.stringify(response.jsonBody), /POST its spec to \/api\/environments/);
  });
});

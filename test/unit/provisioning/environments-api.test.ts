import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { findSecretLikeValues } from '../../../src/plan/index.js';
import { deploymentStatus, startDeployment } from '../../../src/provisioning/environments-api.js';
import { readSettings } from '../../../src/settings.js';
import { exampleInput, specWith } from '../../support/specs.js';

/** The Durable extension's system key, as Azure puts it in every management URL (`code=`). */
const SYSTEM_KEY = 'durabletask-extension-system-key-0123456789abcdef';

/**
 * A durable client that remembers one instance: only the calls the endpoints make. An existing
 * instance was deployed from the minimal example unless `input` says otherwise.
 */
function fakeClient(existing?: {
  runtimeStatus: string;
  customStatus?: unknown;
  output?: unknown;
  input?: unknown;
}) {
  const started: { name: string; instanceId: string }[] = [];
  const inputs: unknown[] = [];
  const statusReads: string[] = [];
  const client = {
    getStatus: (instanceId: string) => {
      statusReads.push(instanceId);
      // Only the deployment instance exists: the environment was never torn down.
      return existing && instanceId.startsWith('environment-')
        ? Promise.resolve({
            instanceId,
            createdTime: new Date('2026-11-26T10:00:00Z'),
            lastUpdatedTime: new Date('2026-11-26T10:05:00Z'),
            input: { environment: 'contoso-dev', spec: exampleInput('minimal') },
            ...existing,
          })
        : Promise.reject(
            new Error(
              'DurableClient error: Durable Functions extension replied with HTTP 404 response.',
            ),
          );
    },
    startNew: (name: string, options: { instanceId: string; input?: unknown }) => {
      started.push({ name, instanceId: options.instanceId });
      inputs.push(options.input);
      return Promise.resolve(options.instanceId);
    },
    // The shape Azure's Durable client produces: every URL carries the extension's system key.
    createHttpManagementPayload: (id: string) => {
      const instance = `https://func-contoso.azurewebsites.net/runtime/webhooks/durabletask/instances/${id}`;
      const query = `taskHub=TestHubName&connection=Storage&code=${SYSTEM_KEY}`;
      return {
        id,
        statusQueryGetUri: `${instance}?${query}`,
        sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
        terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
        purgeHistoryDeleteUri: `${instance}?${query}`,
      };
    },
  } as unknown as Pick<DurableClient, 'getStatus' | 'startNew' | 'createHttpManagementPayload'>;
  return { client, started, inputs, statusReads };
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

  test("answers with this app's status URL only: no Durable system key in the body or headers", async () => {
    const { client } = fakeClient();
    const response = await startDeployment(client, exampleInput('minimal'), origin, settings);
    assert.equal(response.status, 202);
    const seen = JSON.stringify({ headers: response.headers, body: response.jsonBody });
    assert.doesNotMatch(seen, /code=/);
    assert.ok(!seen.includes(SYSTEM_KEY), 'the response holds the system key');
    assert.deepEqual(
      findSecretLikeValues({ headers: response.headers, body: response.jsonBody }),
      [],
    );
    assert.equal(
      (response.jsonBody as { statusUri: string }).statusUri,
      'http://127.0.0.1:7071/api/environments/contoso-dev',
    );
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

  test('refuses the same name in another subscription with 409, naming both locations', async () => {
    const { client, started } = fakeClient({ runtimeStatus: 'Completed' });
    const other = specWith({ subscriptionId: '11111111-1111-1111-1111-111111111111' });
    const response = await startDeployment(client, other, origin, settings);
    assert.equal(response.status, 409);
    const error = (response.jsonBody as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'EnvironmentNameTaken');
    assert.match(
      error.message,
      /environment contoso-dev already exists in subscription 00000000-0000-0000-0000-000000000000, resource group rg-contoso-dev \(instance environment-contoso-dev\); this spec puts it in subscription 11111111-1111-1111-1111-111111111111, resource group rg-contoso-dev\./,
    );
    assert.match(
      error.message,
      /To move it, tear the first one down \(DELETE \/api\/environments\/contoso-dev\)/,
    );
    assert.deepEqual(started, []);
  });

  test('refuses the same name in another resource group, even while the first deploys', async () => {
    const { client, started } = fakeClient({ runtimeStatus: 'Running' });
    const response = await startDeployment(
      client,
      specWith({ resourceGroup: 'rg-contoso-other' }),
      origin,
      settings,
    );
    assert.equal(response.status, 409);
    const error = (response.jsonBody as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'EnvironmentNameTaken');
    assert.match(error.message, /resource group rg-contoso-dev .*resource group rg-contoso-other/);
    assert.deepEqual(started, []);
  });

  test('deploys again where the environment lives: resource group names compare case-insensitively', async () => {
    const { client, started } = fakeClient({ runtimeStatus: 'Completed' });
    const response = await startDeployment(
      client,
      specWith({ resourceGroup: 'RG-Contoso-Dev' }),
      origin,
      settings,
    );
    assert.equal(response.status, 202, JSON.stringify(response.jsonBody));
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

  test('answers 400 for a name the spec would refuse, before asking the Durable client', async () => {
    for (const name of ['../environment-contoso-dev', 'Contoso', 'a--b', 'x'.repeat(300)]) {
      const { client, statusReads } = fakeClient({ runtimeStatus: 'Completed' });
      const response = await deploymentStatus(client, name);
      assert.equal(response.status, 400, name);
      const error = (response.jsonBody as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'InvalidEnvironmentName');
      assert.match(error.message, /is not an environment name: it must /);
      assert.ok(error.message.length < 400, 'the message quotes a long name in full');
      assert.deepEqual(statusReads, [], `${name} reached the Durable client`);
    }
  });

  test('answers 404 for an environment never deployed, saying how to deploy it', async () => {
    const { client } = fakeClient();
    const response = await deploymentStatus(client, 'nope');
    assert.equal(response.status, 404);
    assert.match(JSON.stringify(response.jsonBody), /POST its spec to \/api\/environments/);
  });
});

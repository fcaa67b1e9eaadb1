// The deployment and the reconciler of one environment never write its gateway at the same time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { environmentContext, runningWriter } from '../../../src/environments/index.js';
import { resourcesOfStage } from '../../../src/provisioning/stage-graph.js';
import { gatewayConfigurationStage } from '../../../src/provisioning/stages/group-stages.js';
import { reconcileEnvironment } from '../../../src/reconcile/reconcile.js';
import type { AppServices, InstanceStatuses } from '../../../src/services.js';
import { readSettings } from '../../../src/settings.js';
import { exampleInput } from '../../support/specs.js';

const spec = exampleInput('minimal');
const NO_AZURE = /no Azure call was expected/;

/** Services with the given view of the Durable instances; any Azure call fails the test. */
function services(instances: InstanceStatuses | undefined): AppServices {
  const settings = readSettings({});
  assert.ok(settings.ok);
  const refuse = () => Promise.reject(new Error('no Azure call was expected'));
  // Only what the gateway stage and the reconcile pass reach before Azure.
  return {
    settings: settings.settings,
    store: () => ({ get: refuse, put: refuse, delete: refuse, list: refuse }),
    now: () => new Date('2026-11-30T00:00:00Z'),
    sleep: () => Promise.resolve(),
    log: () => undefined,
    ...(instances ? { instances } : {}),
  } as unknown as AppServices;
}

/** Only `id` runs, with `status`. */
const only =
  (id: string, status: string): InstanceStatuses =>
  (instanceId) =>
    Promise.resolve(instanceId === id ? status : undefined);

function gatewayContext(instances: InstanceStatuses | undefined) {
  const env = environmentContext(services(instances), spec, 'gateway-configuration');
  return { ...env, resources: resourcesOfStage(env.plan, 'gateway-configuration') };
}

describe('one writer per gateway: deployment and reconcile take turns', () => {
  test("the deployment's gateway-configuration stage waits while the reconcile instance runs, touching nothing", async () => {
    const answer = await gatewayConfigurationStage(
      gatewayContext(only('reconcile-contoso-dev', 'Running')),
    );
    assert.deepEqual(answer, {
      notReady:
        'reconcile-contoso-dev is running and may be writing the gateway; waiting for it to finish',
    });
  });

  test('the gateway-configuration stage goes on once the reconcile instance has finished', async () => {
    for (const status of ['Completed', 'Failed', 'Terminated']) {
      await assert.rejects(
        gatewayConfigurationStage(gatewayContext(only('reconcile-contoso-dev', status))),
        NO_AZURE,
        `${status}: it reads the groups and the gateway`,
      );
    }
  });

  test('a reconcile pass writes nothing, and reads nothing, while the deployment runs', async () => {
    for (const status of ['Pending', 'Running', 'ContinuedAsNew']) {
      const report = await reconcileEnvironment(
        services(only('environment-contoso-dev', status)),
        spec,
        { waitForRestarts: true },
      );
      assert.deepEqual(report, {
        environment: 'contoso-dev',
        recordChanges: [],
        poolsChanged: [],
        addresses: {},
        summary:
          'environment-contoso-dev is running and writes the records and the gateway itself: nothing written',
      });
    }
  });

  test('a reconcile pass goes on when the deployment has ended, or when no host tells', async () => {
    await assert.rejects(
      reconcileEnvironment(services(only('environment-contoso-dev', 'Completed')), spec, {
        waitForRestarts: true,
      }),
      NO_AZURE,
    );
    await assert.rejects(
      reconcileEnvironment(services(undefined), spec, { waitForRestarts: true }),
      NO_AZURE,
    );
  });

  test("each side looks for the other's singleton instance of the same environment", async () => {
    const asked: string[] = [];
    const record: InstanceStatuses = (id) => {
      asked.push(id);
      return Promise.resolve(undefined);
    };
    assert.equal(await runningWriter(record, 'reconcile', 'contoso-dev'), undefined);
    assert.equal(await runningWriter(record, 'deployment', 'contoso-dev'), undefined);
    assert.deepEqual(asked, ['reconcile-contoso-dev', 'environment-contoso-dev']);
  });
});

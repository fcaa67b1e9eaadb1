import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BackendHealthSample } from '../../local/emulator/providers/network/backend-health-timeline.js';
import { adminRequest } from '../support/admin.js';
import { deployAndWait, startDeployed } from '../support/deployments.js';
import type { LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, specWith, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '11111111-2222-3333-4444-555555555555';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-contoso-prod`;
const groupId = (n: number) =>
  `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-prod-app-${n}`;
const GATEWAY = `${GROUP}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`;
const APPS = [1, 2, 3];

const spec = withImportedImages(exampleInput('full'));
/** The same environment with another web image: ACI restarts a group it updates in place. */
const withWeb = (digit: string) =>
  specWith(
    {
      app: {
        images: { web: `mcr.microsoft.com/aci-vnet-sidecars/web@sha256:${digit.repeat(64)}` },
      },
    },
    spec,
  );

describe('a change that restarts the groups rolls them one at a time', { skip }, () => {
  let stack: LocalStack;

  const deploy = (body: Record<string, unknown>) => deployAndWait(stack, body, 'contoso-prod');

  before(async () => {
    stack = await startDeployed(SUB, spec, 'contoso-prod');
  });
  after(() => stack?.stop());

  /** The app pool's samples of the emulator's backend health timeline. */
  const appPoolTimeline = async () => {
    const answer = await adminRequest(
      stack.emu,
      'GET',
      '/_emulator/network/application-gateways/backend-health-timeline',
    );
    return (answer.value as BackendHealthSample[]).filter(
      (s) => s.gatewayId.toLowerCase() === GATEWAY.toLowerCase() && s.pool === 'app',
    );
  };
  const writes = async () => {
    const log = await adminRequest(stack.emu, 'GET', '/_emulator/requests');
    return (log.value as { changedState: boolean; method: string; path: string }[])
      .filter((r) => r.changedState)
      .map((r) => `${r.method} ${r.path.split('/').at(-1) ?? ''}`);
  };
  const group = async (n: number) =>
    (await adminRequest(stack.emu, 'GET', `${groupId(n)}?api-version=2023-05-01`)).properties as {
      ipAddress: { ip?: string };
      instanceView?: { state?: string };
    };
  const appPool = async () => {
    const gateway = (await adminRequest(stack.emu, 'GET', `${GATEWAY}?api-version=2025-05-01`))
      .properties as {
      backendAddressPools: {
        name: string;
        properties: { backendAddresses: { ipAddress: string }[] };
      }[];
    };
    const pool = gateway.backendAddressPools.find((p) => p.name === 'app');
    return (pool?.properties.backendAddresses ?? []).map((a) => a.ipAddress).sort();
  };

  test('an image change keeps at least N−1 = 2 of the 3 app backends healthy at every moment', async (t) => {
    const timelineBefore = await appPoolTimeline();
    assert.equal(timelineBefore.at(-1)?.healthy, 3, 'all three app backends healthy to start');
    const writesBefore = (await writes()).length;

    const second = await deploy(withWeb('5'));
    assert.equal(second.runtimeStatus, 'Completed', JSON.stringify(second, null, 2));

    const during = (await appPoolTimeline()).slice(timelineBefore.length);
    const minimum = Math.min(...during.map((s) => s.healthy));
    t.diagnostic(`minimum healthy app backends seen during the roll: ${minimum}`);
    assert.ok(
      minimum >= 2,
      `the app pool fell to ${minimum} healthy backends:\n${JSON.stringify(during, null, 2)}`,
    );
    assert.ok(
      during.some((s) => s.healthy === 2),
      'each group left the pool while it restarted (the timeline records the roll)',
    );
    const groupPuts = (await writes())
      .slice(writesBefore)
      .filter((w) => /^PUT ci-contoso-prod-app-\d$/.test(w))
      .sort();
    assert.deepEqual(
      groupPuts,
      APPS.map((n) => `PUT ci-contoso-prod-app-${n}`),
      'each app group updated exactly once',
    );

    const writesAfter = (await writes()).length;
    const third = await deploy(withWeb('5'));
    assert.equal(third.runtimeStatus, 'Completed', JSON.stringify(third, null, 2));
    assert.deepEqual((await writes()).slice(writesAfter), [], 'the third run changed something');
  });

  test('a group whose update fails stops the roll, named, and the others stay in the pool', async () => {
    // Every PUT of app-2 ends Canceled, as a superseded operation does.
    await adminRequest(stack.emu, 'POST', '/_emulator/faults', {
      scenario: 'gatewaySuperseded',
      method: 'PUT',
      pathPattern: '/containerGroups/ci-contoso-prod-app-2$',
      count: 100,
    });
    const writesBefore = (await writes()).length;
    try {
      const result = await deploy(withWeb('6'));
      assert.equal(result.runtimeStatus, 'Failed', JSON.stringify(result, null, 2));
      const stage = result.stages.find((s) => s.stage === 'container-groups');
      assert.equal(stage?.state, 'failed');
      assert.match(stage?.error?.message ?? '', /ci-contoso-prod-app-2/);
    } finally {
      await adminRequest(stack.emu, 'DELETE', '/_emulator/faults');
    }
    const groupPuts = (await writes())
      .slice(writesBefore)
      .filter((w) => /^PUT ci-contoso-prod-app-\d$/.test(w));
    const firstFailed = groupPuts.indexOf('PUT ci-contoso-prod-app-2');
    assert.ok(firstFailed >= 0, groupPuts.join('\n'));
    assert.deepEqual(
      groupPuts.slice(firstFailed).filter((w) => w !== 'PUT ci-contoso-prod-app-2'),
      [],
      'no other group was changed after app-2 failed',
    );
    const others = await Promise.all([1, 3].map(group));
    for (const other of others) assert.equal(other.instanceView?.state, 'Running');
    const pool = await appPool();
    for (const other of others) assert.ok(pool.includes(other.ipAddress.ip ?? ''), pool.join());
    assert.equal((await appPoolTimeline()).at(-1)?.healthy, 2);
  });
});

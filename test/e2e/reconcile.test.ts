import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminRequest } from '../support/admin.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '11111111-2222-3333-4444-555555555555';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-contoso-prod`;
const APP_1 = `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-prod-app-1`;
const RECORD = `${GROUP}/providers/Microsoft.Network/privateDnsZones/prod.contoso.internal/A/app-1`;
const GATEWAY = `${GROUP}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`;

const spec = withImportedImages(exampleInput('full'));

describe('DNS records and backend pools follow the container groups', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startLocalStack({
      publicZones: [{ subscriptionId: SUB, resourceGroup: 'rg-dns', zone: 'contoso.example' }],
    });
    assert.equal((await stack.api('POST', '/api/environments', spec)).status, 202);
    await until(async () => {
      const { body } = await stack.api('GET', '/api/environments/contoso-prod');
      assert.notEqual(body.runtimeStatus, 'Failed', JSON.stringify(body));
      return body.runtimeStatus === 'Completed';
    });
  });
  after(() => stack?.stop());

  const arm = (method: string, id: string, apiVersion: string) =>
    adminRequest(stack.emu, method, `${id}?api-version=${apiVersion}`);
  /** Undefined while a restarted group has no IP yet. */
  const groupIp = async () =>
    ((await arm('GET', APP_1, '2023-05-01')).properties as { ipAddress?: { ip?: string } })
      .ipAddress?.ip;
  const runningIp = async () => {
    const ip = await groupIp();
    assert.ok(ip, 'app-1 has an IP');
    return ip;
  };
  const recordIp = async () =>
    ((await arm('GET', RECORD, '2020-06-01')).properties as { aRecords: { ipv4Address: string }[] })
      .aRecords[0]?.ipv4Address;
  const appPool = async () => {
    const pools = (await arm('GET', GATEWAY, '2025-05-01')).properties as {
      backendAddressPools: {
        name: string;
        properties: { backendAddresses: { ipAddress: string }[] };
      }[];
    };
    return (
      pools.backendAddressPools
        .find((p) => p.name === 'app')
        ?.properties.backendAddresses.map((a) => a.ipAddress) ?? []
    );
  };

  const eventGrid = async () => {
    const state = await adminRequest(stack.emu, 'GET', '/_emulator/state');
    return {
      delivered: (state.deliveries as unknown[]).length,
      pending: state.pendingDeliveries as unknown[],
    };
  };
  /** Durable's status API answers 202 while an instance runs (stack.instance reads only 200s). */
  const reconcileRunning = async () =>
    (await stack.durable('reconcile-contoso-prod')).status === 202;

  test('moves the record and the backend when a restarted group gets a new IP', async () => {
    const before = await runningIp();
    assert.equal(await recordIp(), before);
    await arm('POST', `${APP_1}/restart`, '2023-05-01');
    // The restart's operation completes (and its event arrives) before the group has its new IP;
    // in between the group has no IP at all.
    await until(async () => {
      const ip = await groupIp();
      return ip !== undefined && ip !== before;
    });
    const after = await runningIp();
    await until(async () => (await recordIp()) === after && (await appPool()).includes(after));
    assert.ok(!(await appPool()).includes(before), 'the old IP left the backend pool');
  });

  test('catches a platform restart, which raises no event, on the periodic reconcile', async () => {
    const before = await runningIp();
    const eventsBefore = (await eventGrid()).delivered;
    await until(async () => !(await reconcileRunning()), { what: 'the reconciler to be idle' });
    await adminRequest(stack.emu, 'POST', '/_emulator/platform/restart', {
      containerGroupId: APP_1,
    });
    const after = await runningIp();
    assert.notEqual(after, before);
    // An event would be queued or delivered by the time the restart call returns: none is, so
    // no reconcile can start, and the record keeps the old IP until the timer runs.
    const events = await eventGrid();
    assert.deepEqual(events.pending, [], 'the platform restart queued an event');
    assert.equal(events.delivered, eventsBefore, 'the platform restart delivered an event');
    assert.equal(await reconcileRunning(), false);
    assert.equal(await recordIp(), before);
    await stack.fire('reconcileTimer');
    await until(async () => (await recordIp()) === after && (await appPool()).includes(after));
  });

  test('writes nothing when every record and pool is already right', async () => {
    const writes = async () =>
      (
        (await adminRequest(stack.emu, 'GET', '/_emulator/requests')).value as {
          changedState: boolean;
          path: string;
        }[]
      ).filter((r) => r.changedState && !r.path.includes('/_emulator/')).length;
    const reconcileState = async () => {
      const status = await stack.instance('reconcile-contoso-prod');
      const custom = status?.customStatus as { reason?: string; pass?: number } | null;
      return {
        done: status?.runtimeStatus === 'Completed',
        // The start time tells two runs for the same reason apart (each timer run is "periodic check").
        run: `${String(status?.createdTime)} ${custom?.reason}#${custom?.pass}`,
      };
    };
    await until(async () => (await reconcileState()).done);
    const previous = (await reconcileState()).run;
    const before = await writes();
    await stack.fire('reconcileTimer');
    await until(async () => {
      const state = await reconcileState();
      return state.done && state.run !== previous;
    });
    assert.equal(await writes(), before);
  });
});

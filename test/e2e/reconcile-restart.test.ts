import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { adminRequest } from '../support/admin.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { holdStartup } from '../support/restart-hold.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '11111111-2222-3333-4444-555555555555';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-contoso-prod`;
const groupId = (n: number) =>
  `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-prod-app-${n}`;
const recordId = (n: number) =>
  `${GROUP}/providers/Microsoft.Network/privateDnsZones/prod.contoso.internal/A/app-${n}`;
const GATEWAY = `${GROUP}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`;
const RECONCILE = 'reconcile-contoso-prod';

/**
 * Azure's latencies at 1/100: a gateway PUT takes 3 s, a restarted group gets its IP 0.6 s after
 * the POST; the restart is held (test/support/restart-hold.ts) so the window cannot close early.
 */
const TIME_SCALE = 0.01;

const spec = withImportedImages(exampleInput('full'));

interface LoggedRequest {
  method: string;
  path: string;
}

describe(
  'a restarting container group keeps its record and backend until it has its new IP',
  { skip },
  () => {
    let stack: LocalStack;

    before(async () => {
      stack = await startLocalStack({
        publicZones: [{ subscriptionId: SUB, resourceGroup: 'rg-dns', zone: 'contoso.example' }],
        timeScale: TIME_SCALE,
      });
      assert.equal((await stack.api('POST', '/api/environments', spec)).status, 202);
      await until(
        async () => {
          const { body } = await stack.api('GET', '/api/environments/contoso-prod');
          assert.notEqual(body.runtimeStatus, 'Failed', JSON.stringify(body));
          return body.runtimeStatus === 'Completed';
        },
        { deadlineMs: 300_000, what: 'the deployment to complete' },
      );
    });
    after(() => stack?.stop());

    const arm = (method: string, id: string, apiVersion: string) =>
      adminRequest(stack.emu, method, `${id}?api-version=${apiVersion}`);
    const groupIp = async (n: number) =>
      ((await arm('GET', groupId(n), '2023-05-01')).properties as { ipAddress: { ip?: string } })
        .ipAddress.ip;
    /** The record's IP, or undefined when there is no record. */
    const recordIp = async (n: number) => {
      const record = await arm('GET', recordId(n), '2020-06-01').catch((error: Error) => {
        if (/: 404 /.test(error.message)) return undefined;
        throw error;
      });
      return (record?.properties as { aRecords: { ipv4Address: string }[] } | undefined)
        ?.aRecords[0]?.ipv4Address;
    };
    const appPool = async () => {
      const gateway = (await arm('GET', GATEWAY, '2025-05-01')).properties as {
        backendAddressPools: {
          name: string;
          properties: { backendAddresses: { ipAddress: string }[] };
        }[];
      };
      const pool = gateway.backendAddressPools.find((p) => p.name === 'app');
      return (pool?.properties.backendAddresses.map((a) => a.ipAddress) ?? []).sort();
    };
    const requests = async () =>
      ((await adminRequest(stack.emu, 'GET', '/_emulator/requests')).value as LoggedRequest[]).map(
        (r) => ({ method: r.method, path: r.path.toLowerCase() }),
      );
    /** Requests since `from` (an index into the request log) with this method on this resource. */
    const sent = (log: LoggedRequest[], from: number, method: string, id: string) =>
      log.slice(from).filter((r) => r.method === method && r.path === id.toLowerCase()).length;
    /** The reconcile instance's status (Durable answers 202 while it runs, 200 once it is done). */
    const reconcile = async () => {
      const response = await stack.durable(RECONCILE);
      const status = response.status === 200 || response.status === 202 ? response.body : undefined;
      return {
        runtimeStatus: String(status?.runtimeStatus),
        custom: (status?.customStatus ?? {}) as { reason?: string; waiting?: string },
      };
    };
    const idle = () =>
      until(async () => !['Running', 'Pending'].includes((await reconcile()).runtimeStatus), {
        what: 'the reconciler to be idle',
      });
    const deliveries = async () =>
      (await adminRequest(stack.emu, 'GET', '/_emulator/state')).deliveries as {
        eventType: string;
        subject: string;
        status: number | string;
      }[];
    /**
     * Restarts app-n and holds its start-up, then waits until the reconciler has looked at it: the
     * app accepted the restart event (its handler starts or signals the reconciler before it
     * answers), and the reconciler says it waits for the group, or has finished.
     */
    const restart = async (n: number) => {
      const before = (await deliveries()).length;
      await arm('POST', `${groupId(n)}/restart`, '2023-05-01');
      const held = holdStartup(stack.emu, groupId(n));
      await until(
        async () => {
          const delivered = (await deliveries())
            .slice(before)
            .some(
              (d) =>
                d.eventType === 'Microsoft.Resources.ResourceActionSuccess' &&
                d.subject.toLowerCase() === groupId(n).toLowerCase() &&
                d.status === 200,
            );
          const { runtimeStatus, custom } = await reconcile();
          return (
            delivered &&
            (!['Running', 'Pending'].includes(runtimeStatus) ||
              Boolean(custom.waiting?.includes(`app-${n}:`)))
          );
        },
        { what: `the reconciler to look at the restarting app-${n}` },
      );
      return held;
    };

    test('holds the record and the backend over the restart and writes the new IP once', async () => {
      await idle();
      const old = await groupIp(1);
      assert.ok(old);
      assert.equal(await recordIp(1), old);
      const from = (await requests()).length;

      const held = await restart(1);
      try {
        const during = await requests();
        assert.equal(sent(during, from, 'DELETE', recordId(1)), 0, 'the record was removed');
        assert.equal(sent(during, from, 'PUT', GATEWAY), 0, 'the gateway was written mid-restart');
        assert.equal(await recordIp(1), old);
        assert.ok((await appPool()).includes(old), 'the backend left the pool');
        assert.equal((await reconcile()).runtimeStatus, 'Running', 'the reconciler waits');
      } finally {
        held.release();
      }
      const fresh = await groupIp(1);
      assert.ok(fresh && fresh !== old);
      await until(async () => (await reconcile()).runtimeStatus === 'Completed', {
        what: 'the reconciler to finish once app-1 has its IP',
      });
      assert.equal(await recordIp(1), fresh);
      const pool = await appPool();
      assert.ok(pool.includes(fresh) && !pool.includes(old), pool.join(', '));
      const log = await requests();
      assert.deepEqual(
        [sent(log, from, 'PUT', recordId(1)), sent(log, from, 'DELETE', recordId(1))],
        [1, 0],
        'the record is written once, with the new IP',
      );
      assert.equal(sent(log, from, 'PUT', GATEWAY), 1, 'the gateway is written once');
    });

    test('a stopped group still loses its record while another restarts; the gateway is written once', async () => {
      await idle();
      const [oldApp1, oldApp2, app3] = [await groupIp(1), await groupIp(2), await groupIp(3)];
      assert.ok(oldApp1 && oldApp2 && app3);
      const from = (await requests()).length;

      const held = await restart(1);
      try {
        await arm('POST', `${groupId(2)}/stop`, '2023-05-01');
        await until(async () => (await recordIp(2)) === undefined, {
          what: "the stopped group's record to be removed",
        });
        assert.equal(await recordIp(1), oldApp1, "the restarting group's record is kept");
        assert.equal(sent(await requests(), from, 'PUT', GATEWAY), 0, 'the gateway was written');
      } finally {
        held.release();
      }
      const fresh = await groupIp(1);
      assert.ok(fresh);
      await until(async () => (await reconcile()).runtimeStatus === 'Completed', {
        what: 'the reconciler to finish once app-1 has its IP',
      });
      assert.equal(await recordIp(1), fresh);
      assert.deepEqual(await appPool(), [fresh, app3].sort());
      const log = await requests();
      assert.deepEqual(
        [sent(log, from, 'PUT', recordId(1)), sent(log, from, 'DELETE', recordId(1))],
        [1, 0],
      );
      assert.equal(sent(log, from, 'DELETE', recordId(2)), 1);
      assert.equal(sent(log, from, 'PUT', GATEWAY), 1, 'the gateway is written once');
    });
  },
);

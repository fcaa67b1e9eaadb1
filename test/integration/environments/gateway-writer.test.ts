import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import type { ArmResource } from '../../../src/azure/resources.js';
import {
  environmentContext,
  writableBody,
  writeGateway as writeGatewayOrBusy,
  type EnvironmentContext,
  type GatewayChange,
  type GatewayWrite,
} from '../../../src/environments/index.js';
import { planIds, type JsonObject } from '../../../src/plan/index.js';
import { parseSpec } from '../../../src/spec/index.js';
import { createAppServices } from '../../../src/services.js';
import { adminRequest } from '../../support/admin.js';
import { until } from '../../support/eventually.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { exampleInput } from '../../support/specs.js';

const API = '2025-05-01';

/**
 * This environment's ownership tags: every writer of its gateway (the deployment, the reconciler)
 * keeps them, and the writer refuses a gateway without them.
 */
const OWNED = { 'aci-vnet-sidecars-environment': 'contoso-dev', 'managed-by': 'aci-vnet-sidecars' };

/** A gateway body the emulator accepts; the writer does not care what a gateway holds. */
function gatewayBody(id: string, pool: string[], tags: Record<string, string> = {}): JsonObject {
  return {
    location: 'westeurope',
    tags: { ...OWNED, ...tags },
    properties: {
      sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 1 },
      backendAddressPools: [
        { name: 'app', properties: { backendAddresses: pool.map((ipAddress) => ({ ipAddress })) } },
      ],
      requestRoutingRules: [
        {
          name: 'rule',
          properties: {
            ruleType: 'Basic',
            priority: 100,
            backendAddressPool: { id: `${id}/backendAddressPools/app` },
          },
        },
      ],
    },
  };
}

/** The writer's answer when the gateway is not busy (these tests never leave an operation running). */
async function writeGateway(c: EnvironmentContext, change: GatewayChange): Promise<GatewayWrite> {
  const write = await writeGatewayOrBusy(c, change);
  assert.ok(!('busy' in write), 'busy' in write ? write.busy : '');
  return write;
}

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

describe('the one gateway writer', () => {
  let emu: EmulatorHandle;
  let ctx: () => EnvironmentContext;
  let gatewayId: string;

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-gateway-writer-')),
      timeScale: 0.0001,
      // Resource provider registration is the providers stage's test; here it is done already.
      freshSubscription: false,
    });
    const spec = exampleInput('minimal');
    const parsed = parseSpec(spec);
    assert.ok(parsed.ok);
    gatewayId = planIds(parsed.spec).gateway;
    await adminRequest(
      emu,
      'PUT',
      `/subscriptions/${parsed.spec.subscriptionId}/resourcegroups/${parsed.spec.resourceGroup}?api-version=2025-04-01`,
      { location: 'westeurope' },
    );
    const services = createAppServices(localSettings(emu), emulatorConnection(emu), () => {});
    ctx = () => environmentContext(services, spec, 'gateway-test');
  });
  after(() => emu?.stop());

  async function gatewayRequests(): Promise<LoggedRequest[]> {
    const log = (await adminRequest(emu, 'GET', '/_emulator/requests')).value as LoggedRequest[];
    return log.filter((r) => r.path.toLowerCase() === gatewayId.toLowerCase());
  }
  const gatewayState = async () =>
    (
      (await adminRequest(emu, 'GET', `${gatewayId}?api-version=${API}`)).properties as {
        provisioningState: string;
      }
    ).provisioningState;
  /** Another writer's PUT, which starts an operation on the gateway (Updating). */
  const startOtherWrite = (tags: Record<string, string>) =>
    adminRequest(emu, 'PUT', `${gatewayId}?api-version=${API}`, gatewayBody(gatewayId, [], tags));
  /** Another writer's whole write: its PUT and the operation it started, to the end. */
  const otherWriter = async (tags: Record<string, string>) => {
    await startOtherWrite(tags);
    await until(async () => (await gatewayState()) === 'Succeeded', { what: 'the other write' });
  };

  test('creates an absent gateway, and sends nothing when the body it computes is already there', async () => {
    const first = await writeGateway(ctx(), () => gatewayBody(gatewayId, ['192.168.1.4']));
    assert.equal(first.written, true);
    assert.deepEqual(first.drift, ['(absent)']);
    const before = (await gatewayRequests()).length;
    const second = await writeGateway(ctx(), () => gatewayBody(gatewayId, ['192.168.1.4']));
    assert.equal(second.written, false);
    const after = await gatewayRequests();
    assert.deepEqual(
      after.slice(before).map((r) => r.method),
      ['GET'],
      'one read, no write',
    );
  });

  /** A context whose gateway reads go stale: another writer PUTs right after each of the first `n` reads. */
  function raced(n: number, tags: (round: number) => Record<string, string>): EnvironmentContext {
    const c = ctx();
    const inner = c.apply.store;
    let reads = 0;
    c.apply.store = {
      ...inner,
      get: async (id, apiVersion) => {
        const read = await inner.get(id, apiVersion);
        if (id === gatewayId && reads < n) await otherWriter(tags(++reads));
        return read;
      },
    };
    return c;
  }

  test("reads again and recomputes when another writer got there first, keeping that writer's change", async () => {
    const seen: (ArmResource | undefined)[] = [];
    const before = (await gatewayRequests()).length;
    const write = await writeGateway(
      raced(1, () => ({ 'last-writer': 'someone-else' })),
      (current) => {
        seen.push(current);
        return current ? gatewayBody(gatewayId, ['192.168.1.9'], current.tags ?? {}) : undefined;
      },
    );
    assert.equal(write.written, true);
    assert.equal(seen.length, 2, 'computed once from each read');
    assert.deepEqual(seen[1]?.tags, { ...OWNED, 'last-writer': 'someone-else' });
    const puts = (await gatewayRequests()).slice(before).filter((r) => r.method === 'PUT');
    assert.deepEqual(
      puts.map((r) => r.status),
      [200, 412, 200],
      'the other writer, our stale PUT refused, our PUT from the fresh read',
    );
    const final = await adminRequest(emu, 'GET', `${gatewayId}?api-version=${API}`);
    assert.deepEqual(final.tags, { ...OWNED, 'last-writer': 'someone-else' });
  });

  test('gives up with the conflict after three reads that each went stale', async () => {
    let attempts = 0;
    await assert.rejects(
      writeGateway(
        raced(3, (round) => ({ round: String(round) })),
        (current) => {
          attempts++;
          return current ? writableBody({ ...current, tags: { mine: 'yes' } }) : undefined;
        },
      ),
      /\[conflict\//,
    );
    assert.equal(attempts, 3);
  });
  test('answers busy and sends no PUT while an operation on the gateway runs, then writes once it ended', async () => {
    // Another writer's PUT whose operation runs for 1 s of real time (10 000 s of Azure time).
    await adminRequest(emu, 'POST', '/_emulator/faults', {
      scenario: 'slowOperation',
      pathPattern: '/applicationGateways/[^/]+$',
      operationMs: 10_000_000,
    });
    await startOtherWrite({ 'last-writer': 'slow-writer' });
    const before = (await gatewayRequests()).length;
    const busy = await writeGatewayOrBusy(ctx(), (current) =>
      gatewayBody(gatewayId, ['192.168.1.10'], current?.tags ?? {}),
    );
    assert.ok('busy' in busy, 'a write while the gateway is Updating');
    assert.match(
      busy.busy,
      /applicationGateways\/agw-contoso-dev is Updating: an operation on it still runs/,
    );
    assert.deepEqual(
      (await gatewayRequests()).slice(before).map((r) => r.method),
      ['GET'],
      'read, and no PUT into the running operation',
    );
    await until(async () => (await gatewayState()) === 'Succeeded', { what: 'the slow write' });
    const state = (await adminRequest(emu, 'GET', '/_emulator/state')) as {
      operations: { resourceId: string; status: string }[];
    };
    assert.ok(
      !state.operations.some(
        (op) => op.resourceId.toLowerCase() === gatewayId.toLowerCase() && op.status === 'Canceled',
      ),
      "the other writer's operation was not superseded",
    );
    const write = await writeGateway(ctx(), (current) =>
      gatewayBody(gatewayId, ['192.168.1.10'], current?.tags ?? {}),
    );
    assert.equal(write.written, true);
  });
});

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
  writeGateway,
  type EnvironmentContext,
} from '../../../src/environments/index.js';
import { planIds, type JsonObject } from '../../../src/plan/index.js';
import { parseSpec } from '../../../src/spec/index.js';
import { createAppServices } from '../../../src/services.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { exampleInput } from '../../support/specs.js';

const API = '2025-05-01';

/** A gateway body the emulator accepts; the writer does not care what a gateway holds. */
function gatewayBody(id: string, pool: string[], tags: Record<string, string> = {}): JsonObject {
  return {
    location: 'westeurope',
    tags,
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
  const otherWriter = (tags: Record<string, string>) =>
    adminRequest(emu, 'PUT', `${gatewayId}?api-version=${API}`, gatewayBody(gatewayId, [], tags));

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
      raced(1, () => ({ owner: 'someone-else' })),
      (current) => {
        seen.push(current);
        return current ? gatewayBody(gatewayId, ['192.168.1.9'], current.tags ?? {}) : undefined;
      },
    );
    assert.equal(write.written, true);
    assert.equal(seen.length, 2, 'computed once from each read');
    assert.deepEqual(seen[1]?.tags, { owner: 'someone-else' });
    const puts = (await gatewayRequests()).slice(before).filter((r) => r.method === 'PUT');
    assert.deepEqual(
      puts.map((r) => r.status),
      [200, 412, 200],
      'the other writer, our stale PUT refused, our PUT from the fresh read',
    );
    const final = await adminRequest(emu, 'GET', `${gatewayId}?api-version=${API}`);
    assert.deepEqual(final.tags, { owner: 'someone-else' });
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
});

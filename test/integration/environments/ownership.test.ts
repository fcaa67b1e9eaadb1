// The deployment changes only what carries this environment's ownership tags or metadata: another
// team's VNet in the resource group, or a CNAME to production in the user's zone, is refused and
// left exactly as it was.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import {
  applyContext,
  applyResource,
  applyResources,
  environmentContext,
  writeGateway,
} from '../../../src/environments/index.js';
import { createAppServices } from '../../../src/services.js';
import { planIds, type JsonObject } from '../../../src/plan/index.js';
import { resourcesOfStage } from '../../../src/provisioning/stage-graph.js';
import { examplePlan, exampleSpec, byId } from '../../unit/plan/helpers.js';
import { adminRequest } from '../../support/admin.js';
import { until } from '../../support/eventually.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { exampleInput } from '../../support/specs.js';

const spec = exampleSpec('minimal');
const plan = examplePlan('minimal');
const ids = planIds(spec);
const OURS = { 'aci-vnet-sidecars-environment': 'contoso-dev', 'managed-by': 'aci-vnet-sidecars' };
const NOT_OWNED = /^\[validation\/NotOwned\] /;

interface Logged {
  method: string;
  path: string;
  status: number;
}

describe('changing only what this environment owns', () => {
  let emu: EmulatorHandle;

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-ownership-')),
      timeScale: 0.0001,
      // Resource provider registration is the providers stage's test; here it is done already.
      freshSubscription: false,
    });
    await adminRequest(emu, 'PUT', `${ids.resourceGroup}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
  });
  after(() => emu?.stop());

  const store = () => createResourceStore(emulatorConnection(emu), plan.subscriptionId);
  const read = (id: string, api: string) => adminRequest(emu, 'GET', `${id}?api-version=${api}`);
  const requestsTo = async (id: string): Promise<Logged[]> =>
    ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as Logged[]).filter(
      (r) => r.path.toLowerCase() === id.toLowerCase(),
    );

  test("refuses the resource group's vnet-<name> of another team, naming it and its tags, and leaves it as it was", async () => {
    const vnet = byId(plan, ids.virtualNetwork);
    for (const tags of [undefined, { team: 'payments' }]) {
      await adminRequest(emu, 'PUT', `${vnet.id}?api-version=${vnet.apiVersion}`, {
        location: 'westeurope',
        ...(tags ? { tags } : {}),
        properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] } },
      });
      const before = await read(vnet.id, vnet.apiVersion);
      const writesBefore = (await requestsTo(vnet.id)).filter((r) => r.method !== 'GET').length;
      await assert.rejects(
        applyResources(applyContext(store(), plan, {}), resourcesOfStage(plan, 'network')),
        (error: Error) => {
          assert.match(error.message, NOT_OWNED);
          assert.ok(error.message.includes(vnet.id), error.message);
          assert.match(
            error.message,
            tags ? /carries tags \{team=payments\}/ : /carries no tags/,
            error.message,
          );
          assert.match(error.message, /choose another environment name or resource group/);
          assert.match(error.message, /az tag update --resource-id /);
          return true;
        },
      );
      assert.deepEqual(await read(vnet.id, vnet.apiVersion), before, 'the VNet changed');
      const writes = (await requestsTo(vnet.id)).filter((r) => r.method !== 'GET');
      assert.equal(writes.length, writesBefore, 'a write was sent to the VNet');
    }
  });

  test("refuses the zone's CNAME for gateway.hostName that is not this environment's, and leaves it pointing where it did", async () => {
    const zone = ids.publicDnsZone;
    await adminRequest(emu, 'PUT', `${zone}?api-version=2018-05-01`, { location: 'global' });
    const context = applyContext(store(), plan, {});
    await applyResource(context, byId(plan, ids.gatewayPublicIp));
    const cname = byId(plan, `${zone}/CNAME/app`);
    const production = {
      properties: {
        TTL: 3600,
        metadata: { team: 'web' },
        CNAMERecord: { cname: 'prod-origin.contoso.example' },
      },
    };
    await adminRequest(emu, 'PUT', `${cname.id}?api-version=2018-05-01`, production);
    const before = await read(cname.id, '2018-05-01');
    await assert.rejects(applyResource(context, cname), (error: Error) => {
      assert.match(error.message, NOT_OWNED);
      assert.match(
        error.message,
        /the DNS record set CNAME app\.contoso\.example \(.*\/dnsZones\/contoso\.example\/CNAME\/app\) already exists and is not environment contoso-dev's: its metadata is \{team=web\}/,
      );
      assert.match(error.message, /choose another gateway\.hostName/);
      return true;
    });
    assert.deepEqual(await read(cname.id, '2018-05-01'), before, 'the CNAME changed');

    // The same record set, marked as this environment's, is brought to the plan's target.
    await adminRequest(emu, 'PUT', `${cname.id}?api-version=2018-05-01`, {
      properties: { ...production.properties, metadata: OURS },
    });
    const applied = await applyResource(context, cname);
    assert.equal(applied.changed, true);
    const now = (await read(cname.id, '2018-05-01')).properties as JsonObject;
    assert.notEqual((now.CNAMERecord as JsonObject).cname, 'prod-origin.contoso.example');
  });

  test('never writes a gateway that is not this environment’s, through its one writer', async () => {
    const gatewayId = ids.gateway;
    await adminRequest(emu, 'PUT', `${gatewayId}?api-version=2025-05-01`, {
      location: 'westeurope',
      tags: { team: 'edge' },
      properties: { sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 1 } },
    });
    await until(
      async () =>
        ((await read(gatewayId, '2025-05-01')).properties as JsonObject).provisioningState ===
        'Succeeded',
      { what: "the other team's gateway PUT" },
    );
    const services = createAppServices(localSettings(emu), emulatorConnection(emu), () => {});
    const before = (await requestsTo(gatewayId)).filter((r) => r.method === 'PUT').length;
    let computed = 0;
    await assert.rejects(
      writeGateway(environmentContext(services, exampleInput('minimal'), 'test'), (current) => {
        computed++;
        return { ...(current as JsonObject), tags: OURS };
      }),
      /\[validation\/NotOwned\] applicationGateways\/agw-contoso-dev .* carries tags \{team=edge\}/,
    );
    assert.equal(computed, 1);
    const puts = (await requestsTo(gatewayId)).filter((r) => r.method === 'PUT').length;
    assert.equal(puts, before, 'a PUT reached the gateway');
  });
});

// The deployment's `prune` stage on its own, against the emulator: a container group the spec no
// longer plans leaves the gateway's pool (through the one gateway writer) before it is deleted,
// its A record after it; what is not this environment's is never deleted, and a group an
// operation still runs on is waited for.
import { NetworkManagementClient } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import type { ArmResource } from '../../../src/azure/resources.js';
import { environmentContext } from '../../../src/environments/index.js';
import { AppError } from '../../../src/errors.js';
import { environmentMarks, planIds } from '../../../src/plan/index.js';
import type { StageContext } from '../../../src/provisioning/stage-context.js';
import { pruneStage } from '../../../src/provisioning/stages/prune-stage.js';
import { createAppServices, type AppServices } from '../../../src/services.js';
import { parseSpec } from '../../../src/spec/index.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { until } from '../../support/eventually.js';
import { exampleInput, specWith } from '../../support/specs.js';
import { startStageEmulator } from '../../support/stage-deployment.js';
import { gateway } from '../emulator/gateway-builders.js';
import { armOptions, fakeCredential } from '../emulator/helpers.js';

/** The minimal example (contoso-dev) with one app instance: app-2 and beyond are no longer planned. */
const oneInstance = specWith({ app: { instances: 1 } }, exampleInput('minimal'));
const parsed = parseSpec(oneInstance);
assert.ok(parsed.ok);
const { spec } = parsed;
const ids = planIds(spec);
const OURS = environmentMarks(spec.name);
const CG_API = 'api-version=2023-05-01';
const groupId = (name: string) =>
  `${ids.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
const recordId = (name: string) => `${ids.appPrivateZone}/A/${name}`;

interface Logged {
  method: string;
  path: string;
  changedState: boolean;
}

describe('the prune stage', () => {
  let emu: EmulatorHandle;
  let services: AppServices;
  const groupIps: Record<string, string> = {};

  before(async () => {
    emu = await startStageEmulator('prune-stage');
    services = createAppServices(localSettings(emu), emulatorConnection(emu), () => {});
    await arrange();
  });
  after(() => emu?.stop());

  const put = (id: string, apiVersion: string, body: unknown) =>
    adminRequest(emu, 'PUT', `${id}?api-version=${apiVersion}`, body);
  const exists = async (id: string, apiVersion: string) =>
    adminRequest(emu, 'GET', `${id}?api-version=${apiVersion}`).then(
      () => true,
      (error: Error) => {
        if (/ 404 /.test(error.message)) return false;
        throw error;
      },
    );

  const subnet = `${ids.virtualNetwork}/subnets/snet-containers`;
  /** A container group in the delegated subnet (with an IP) or outside any (without one). */
  const groupBody = (tags: Record<string, string>, inSubnet: boolean) => ({
    location: spec.location,
    tags,
    properties: {
      osType: 'Linux',
      ...(inSubnet
        ? {
            subnetIds: [{ id: subnet }],
            ipAddress: { type: 'Private', ports: [{ port: 443, protocol: 'TCP' }] },
          }
        : {}),
      containers: [
        {
          name: 'web',
          properties: { image: 'web:1', resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } } },
        },
      ],
    },
  });
  const recordBody = (ip: string) => ({
    properties: { ttl: 300, aRecords: [{ ipv4Address: ip }], metadata: OURS },
  });

  /** Waits until the group's create has ended, and notes its IP. */
  async function untilCreated(name: string): Promise<void> {
    await until(
      async () => {
        const read = await adminRequest(emu, 'GET', `${groupId(name)}?${CG_API}`);
        const p = read.properties as { provisioningState: string; ipAddress?: { ip?: string } };
        groupIps[name] = p.ipAddress?.ip ?? '';
        return p.provisioningState === 'Succeeded';
      },
      { what: `${name} to run` },
    );
  }

  /** Groups app-1 (planned), app-2 and app-4 (ours, not planned), app-5 (someone else's). */
  async function arrange(): Promise<void> {
    await put(ids.resourceGroup, '2025-04-01', { location: spec.location });
    await put(ids.virtualNetwork, '2024-05-01', {
      location: spec.location,
      properties: {
        addressSpace: { addressPrefixes: ['192.168.0.0/16'] },
        subnets: [
          {
            name: 'snet-containers',
            properties: {
              addressPrefix: '192.168.1.0/24',
              delegations: [
                {
                  name: 'aci',
                  properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' },
                },
              ],
            },
          },
        ],
      },
    });
    for (const n of [1, 2, 4])
      await put(groupId(`ci-contoso-dev-app-${n}`), '2023-05-01', groupBody(OURS, true));
    await put(groupId('ci-contoso-dev-app-5'), '2023-05-01', groupBody({ owner: 'team-x' }, false));
    for (const n of [1, 2, 4]) await untilCreated(`ci-contoso-dev-app-${n}`);
    await put(ids.appPrivateZone, '2020-06-01', { location: 'global', tags: OURS });
    await until(
      async () => {
        const zone = await adminRequest(emu, 'GET', `${ids.appPrivateZone}?api-version=2020-06-01`);
        return (
          (zone.properties as { provisioningState?: string }).provisioningState === 'Succeeded'
        );
      },
      { what: 'the private zone' },
    );
    for (const n of [1, 2, 4])
      await put(
        recordId(`app-${n}`),
        '2020-06-01',
        recordBody(groupIps[`ci-contoso-dev-app-${n}`]!),
      );
    const network = new NetworkManagementClient(
      fakeCredential,
      spec.subscriptionId,
      armOptions(emu),
    );
    const body = gateway(
      spec.resourceGroup,
      spec.names.gateway,
      [1, 2, 4].map((n) => groupIps[`ci-contoso-dev-app-${n}`]!),
    );
    body.tags = OURS;
    body.backendHttpSettingsCollection = body.backendHttpSettingsCollection?.map((s) => ({
      ...s,
      connectionDraining: { enabled: true, drainTimeoutInSec: 60 },
    }));
    await network.applicationGateways.beginCreateOrUpdateAndWait(
      spec.resourceGroup,
      spec.names.gateway,
      body,
      { updateIntervalInMs: 1 },
    );
  }

  /** The stage's context, its store's lists passed through `listed` (what ARM would have listed). */
  function stageContext(
    input: unknown = oneInstance,
    listed: (resource: ArmResource) => ArmResource = (r) => r,
  ): StageContext {
    const ctx = environmentContext(services, input, 'prune');
    const store = ctx.apply.store;
    ctx.apply.store = {
      ...store,
      list: async (...args) => (await store.list(...args))?.map(listed),
    };
    return { ...ctx, resources: [] };
  }
  const writes = async () => {
    const log = await adminRequest(emu, 'GET', '/_emulator/requests');
    return (log.value as Logged[])
      .filter((r) => r.changedState)
      .map((r) => `${r.method} ${r.path.split('?')[0]!.split('/').at(-1) ?? ''}`);
  };
  const pool = async () => {
    const gw = await adminRequest(emu, 'GET', `${ids.gateway}?api-version=2025-05-01`);
    const pools = (
      gw.properties as {
        backendAddressPools: { properties: { backendAddresses: { ipAddress: string }[] } }[];
      }
    ).backendAddressPools;
    return pools[0]!.properties.backendAddresses.map((a) => a.ipAddress).sort();
  };

  test('waits, writing nothing, while an operation still runs on a group to delete', async () => {
    const before = (await writes()).length;
    const ctx = stageContext(oneInstance, (r) =>
      r.name === 'ci-contoso-dev-app-4'
        ? { ...r, properties: { ...r.properties, provisioningState: 'Restarting' } }
        : r,
    );
    const report = await pruneStage(ctx);
    assert.ok('notReady' in report, JSON.stringify(report));
    assert.match(report.notReady, /an operation still runs on ci-contoso-dev-app-4 \(Restarting\)/);
    assert.deepEqual((await writes()).slice(before), []);
  });

  test('with prune: false, deletes nothing and says what it keeps', async () => {
    const before = (await writes()).length;
    const report = await pruneStage(stageContext(specWith({ prune: false }, oneInstance)));
    assert.ok('summary' in report);
    assert.match(
      report.summary,
      /^kept ci-contoso-dev-app-2 \(prune is false in the spec\); kept ci-contoso-dev-app-4 /,
    );
    assert.match(report.summary, /kept A record app-2 \(prune is false in the spec\)/);
    assert.deepEqual((await writes()).slice(before), []);
  });

  test('takes the groups out of the pool, then deletes them, then their records; keeps the rest', async () => {
    const before = (await writes()).length;
    const report = await pruneStage(stageContext());
    assert.ok('summary' in report, JSON.stringify(report));
    assert.equal(
      report.summary,
      "deleted ci-contoso-dev-app-2, ci-contoso-dev-app-4, A record app-2, A record app-4 (no longer planned); kept ci-contoso-dev-app-5 (not this environment's: it carries tags {owner=team-x}, not tags {aci-vnet-sidecars-environment=contoso-dev, managed-by=aci-vnet-sidecars})",
    );
    const done = (await writes()).slice(before);
    const gatewayPut = done.indexOf(`PUT ${spec.names.gateway}`);
    const groupDeletes = ['ci-contoso-dev-app-2', 'ci-contoso-dev-app-4'].map((g) =>
      done.indexOf(`DELETE ${g}`),
    );
    const recordDeletes = ['app-2', 'app-4'].map((r) => done.indexOf(`DELETE ${r}`));
    assert.ok(gatewayPut >= 0, done.join('\n'));
    for (const d of groupDeletes) assert.ok(d > gatewayPut, `pool first:\n${done.join('\n')}`);
    for (const r of recordDeletes)
      assert.ok(r > Math.max(...groupDeletes), `records after the groups:\n${done.join('\n')}`);
    assert.equal(done.length, 5, done.join('\n'));
    assert.deepEqual(await pool(), [groupIps['ci-contoso-dev-app-1']]);
    for (const gone of ['ci-contoso-dev-app-2', 'ci-contoso-dev-app-4'])
      assert.equal(await exists(groupId(gone), '2023-05-01'), false, gone);
    for (const gone of ['app-2', 'app-4'])
      assert.equal(await exists(recordId(gone), '2020-06-01'), false, gone);
    assert.ok(await exists(groupId('ci-contoso-dev-app-1'), '2023-05-01'));
    assert.ok(await exists(recordId('app-1'), '2020-06-01'));
    assert.ok(await exists(groupId('ci-contoso-dev-app-5'), '2023-05-01'));

    const again = await pruneStage(stageContext());
    assert.ok('summary' in again);
    assert.match(again.summary, /^kept ci-contoso-dev-app-5 /, 'a second run deletes nothing');
  });

  test('refuses, naming what it carries, a group whose tags are not ours by the time it is read again; the rest goes on', async () => {
    await put(groupId('ci-contoso-dev-app-6'), '2023-05-01', groupBody(OURS, false));
    await untilCreated('ci-contoso-dev-app-6');
    await put(recordId('app-6'), '2020-06-01', recordBody('192.168.1.200'));
    const before = (await writes()).length;
    // The list said app-5 was ours; the GET before its DELETE says otherwise.
    const ctx = stageContext(oneInstance, (r) =>
      r.name === 'ci-contoso-dev-app-5' ? { ...r, tags: OURS } : r,
    );
    await assert.rejects(pruneStage(ctx), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'NotOwned');
      assert.match(error.message, /containerGroups\/ci-contoso-dev-app-5/);
      assert.match(error.message, /it carries tags \{owner=team-x\}/);
      return true;
    });
    assert.ok(await exists(groupId('ci-contoso-dev-app-5'), '2023-05-01'));
    assert.deepEqual(
      (await writes()).slice(before).filter((w) => w.startsWith('DELETE')),
      ['DELETE ci-contoso-dev-app-6', 'DELETE app-6'],
      'the refused group is not deleted; the other group and its record are',
    );
  });
});

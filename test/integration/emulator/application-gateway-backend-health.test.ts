// A local gateway's probes reach ARM: once it reports backend health through the admin API, the
// gateway's `backendhealth` action answers that report for the pools as they are now.
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { vnetWithSubnets } from './builders.js';
import { gateway } from './gateway-builders.js';
import {
  armOptions,
  drive,
  fakeCredential,
  LRO,
  raw,
  rgPath,
  startTestEmulator,
  SUB,
} from './helpers.js';
import { latencyOf } from '../../../local/emulator/arm/latencies.js';

/** How long Azure takes to create a gateway and a group (the emulator's latency model). */
const GATEWAY_CREATE_MS = latencyOf('Microsoft.Network/applicationGateways').createMs;

const RG = 'rg-gw-health';
const ROUTE = '/_emulator/network/application-gateways/backend-health';
const gatewayId = `${rgPath(RG)}/providers/Microsoft.Network/applicationGateways/gw`;
const poolId = `${gatewayId}/backendAddressPools/pool`;
const settingsId = `${gatewayId}/backendHttpSettingsCollection/https`;

function report(servers: { address: string; health: string; healthProbeLog?: string }[]) {
  return {
    gatewayId,
    backendAddressPools: [
      {
        backendAddressPool: { id: poolId },
        backendHttpSettingsCollection: [{ backendHttpSettings: { id: settingsId }, servers }],
      },
    ],
  };
}

void describe('emulator backend health reported by a local gateway', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    const options = armOptions(emu);
    network = new NetworkManagementClient(fakeCredential, SUB, options);
    await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
      RG,
      { location: 'westeurope' },
    );
    await drive(clock, vnetWithSubnets(network, RG, 'vnet'));
  });
  after(() => emu.stop());

  async function putGateway(ips: string[]) {
    const poller = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw',
      gateway(RG, 'gw', ips),
      LRO,
    );
    clock.advance(GATEWAY_CREATE_MS);
    await poller.pollUntilDone();
  }

  async function backendHealth() {
    const poller = await network.applicationGateways.beginBackendHealth(RG, 'gw', LRO);
    clock.advance(10_000);
    const health = await poller.pollUntilDone();
    return (health.backendAddressPools?.[0]?.backendHttpSettingsCollection?.[0]?.servers ?? []).map(
      (s) => [s.address, s.health, s.healthProbeLog],
    );
  }

  void test('answers the reported health, drops servers no longer in the pool and shows new ones Unknown', async () => {
    await putGateway(['192.168.2.10', '192.168.2.11']);
    const simulated = await backendHealth();
    assert.deepEqual(
      simulated.map((s) => s[1]),
      ['Unhealthy', 'Unhealthy'],
      'no group owns these IPs',
    );

    const put = await raw(
      emu,
      'PUT',
      ROUTE,
      report([
        {
          address: '192.168.2.10',
          health: 'Healthy',
          healthProbeLog: 'Success. Received 200 status code',
        },
        { address: '192.168.2.11', health: 'Unhealthy', healthProbeLog: 'probe failed' },
        { address: '192.168.2.99', health: 'Healthy' },
      ]),
    );
    assert.equal(put.status, 204);
    assert.deepEqual(await backendHealth(), [
      ['192.168.2.10', 'Healthy', 'Success. Received 200 status code'],
      ['192.168.2.11', 'Unhealthy', 'probe failed'],
    ]);

    await putGateway(['192.168.2.10', '192.168.2.12']);
    const after = await backendHealth();
    assert.deepEqual(
      after.map((s) => [s[0], s[1]]),
      [
        ['192.168.2.10', 'Healthy'],
        ['192.168.2.12', 'Unknown'],
      ],
    );
  });

  void test('refuses a body that is not the backendhealth shape, and an unknown gateway', async () => {
    const bad = await raw(emu, 'PUT', ROUTE, report([{ address: '192.168.2.10', health: 'Fine' }]));
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { code: string } }).error.code, 'InvalidRequestContent');
    const noPools = await raw(emu, 'PUT', ROUTE, { gatewayId });
    assert.equal(noPools.status, 400);
    const missing = await raw(emu, 'PUT', ROUTE, {
      ...report([]),
      gatewayId: `${gatewayId}-missing`,
    });
    assert.equal(missing.status, 404);
  });

  void test('with a local container runtime, a gateway nobody probed yet reports Unknown, not a guess', async () => {
    emu.engine.config.externalContainerRuntime = true;
    try {
      const poller = await network.applicationGateways.beginCreateOrUpdate(
        RG,
        'gw-unprobed',
        gateway(RG, 'gw-unprobed', ['192.168.2.20']),
        LRO,
      );
      clock.advance(GATEWAY_CREATE_MS);
      await poller.pollUntilDone();
      const health = network.applicationGateways.beginBackendHealth(RG, 'gw-unprobed', LRO);
      const started = await health;
      clock.advance(10_000);
      const answer = await started.pollUntilDone();
      const servers = answer.backendAddressPools?.[0]?.backendHttpSettingsCollection?.[0]?.servers;
      assert.deepEqual(
        servers?.map((s) => [s.address, s.health]),
        [['192.168.2.20', 'Unknown']],
      );
    } finally {
      emu.engine.config.externalContainerRuntime = false;
    }
  });
});

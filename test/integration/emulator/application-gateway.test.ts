import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { containerGroup, subnetId, vnetWithSubnets } from './builders.js';
import { gateway } from './gateway-builders.js';
import { armOptions, drive, fakeCredential, LRO, raw, startTestEmulator, SUB } from './helpers.js';
import { latencyOf } from '../../../local/emulator/arm/latencies.js';

/** How long Azure takes to create a gateway and a group (the emulator's latency model). */
const GATEWAY_CREATE_MS = latencyOf('Microsoft.Network/applicationGateways').createMs;
const GROUP_CREATE_MS = latencyOf('Microsoft.ContainerInstance/containerGroups').createMs;

const RG = 'rg-gw';

// Real Azure durations on a manual clock: nothing completes until the test advances time.
void describe('emulator application gateways', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;
  let aci: ContainerInstanceManagementClient;

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    const options = armOptions(emu);
    network = new NetworkManagementClient(fakeCredential, SUB, options);
    aci = new ContainerInstanceManagementClient(fakeCredential, SUB, options);
    await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
      RG,
      { location: 'westeurope' },
    );
    await drive(clock, vnetWithSubnets(network, RG, 'vnet'));
  });
  after(() => emu.stop());

  void test('requires a priority on every routing rule of a v2 gateway', async () => {
    await assert.rejects(
      network.applicationGateways.beginCreateOrUpdate(
        RG,
        'gw-bad',
        gateway(RG, 'gw-bad', [], { priority: null }),
        LRO,
      ),
      {
        statusCode: 400,
        code: 'ApplicationGatewayRequestRoutingRulePriorityCannotBeEmpty',
      },
    );
  });

  void test('refuses a rule naming a listener the gateway does not hold, naming both parts', async () => {
    const body = gateway(RG, 'gw-dangling', []);
    const id = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/applicationGateways/gw-dangling`;
    body.requestRoutingRules![0]!.httpListener = { id: `${id}/httpListeners/https` };
    await assert.rejects(
      network.applicationGateways.beginCreateOrUpdate(RG, 'gw-dangling', body, LRO),
      (error: { statusCode?: number; code?: string; message?: string }) => {
        assert.equal(error.statusCode, 400);
        assert.equal(error.code, 'InvalidResourceReference');
        assert.match(
          error.message ?? '',
          /^Resource \/subscriptions\/.+\/applicationGateways\/gw-dangling\/httpListeners\/https referenced by resource \/subscriptions\/.+\/applicationGateways\/gw-dangling\/requestRoutingRules\/rule was not found\./,
        );
        return true;
      },
    );
    // A reference differing only in case resolves, as ARM ids compare.
    body.requestRoutingRules![0]!.httpListener = {
      id: `${id.toUpperCase()}/HTTPLISTENERS/LISTENER`,
    };
    const poller = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw-dangling',
      body,
      LRO,
    );
    await drive(clock, poller.pollUntilDone());
  });

  void test('shows Updating while a PUT runs and Running with Succeeded after it', async () => {
    const poller = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw',
      gateway(RG, 'gw', []),
      LRO,
    );
    const during = await network.applicationGateways.get(RG, 'gw');
    assert.equal(during.provisioningState, 'Updating');
    clock.advance(GATEWAY_CREATE_MS);
    const done = await poller.pollUntilDone();
    assert.deepEqual([done.provisioningState, done.operationalState], ['Succeeded', 'Running']);
    assert.match(
      done.backendAddressPools?.[0]?.id ?? '',
      /\/applicationGateways\/gw\/backendAddressPools\/pool$/,
    );
  });

  void test('cancels a running PUT as superseded when a second PUT arrives', async () => {
    const first = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw',
      gateway(RG, 'gw', ['192.168.2.50']),
      LRO,
    );
    const second = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw',
      gateway(RG, 'gw', ['192.168.2.51']),
      LRO,
    );
    await assert.rejects(first.pollUntilDone(), /Operation was canceled/);
    const state = (await raw(emu, 'GET', '/_emulator/state')).body as {
      operations: { status: string; error?: { details?: { code: string }[] } }[];
    };
    const canceled = state.operations.filter((op) => op.status === 'Canceled');
    assert.equal(
      canceled.at(-1)?.error?.details?.[0]?.code,
      'CanceledAndSupersededDueToAnotherOperation',
    );
    clock.advance(GATEWAY_CREATE_MS);
    const result = await second.pollUntilDone();
    assert.equal(result.backendAddressPools?.[0]?.backendAddresses?.[0]?.ipAddress, '192.168.2.51');
  });

  void test('reports a pool address Healthy only while a running container group owns it', async () => {
    const creating = await aci.containerGroups.beginCreateOrUpdate(
      RG,
      'cg',
      containerGroup(subnetId(RG, 'vnet', 'aci')),
      LRO,
    );
    clock.advance(GROUP_CREATE_MS);
    const group = await creating.pollUntilDone();
    const ip = group.ipAddress?.ip ?? '';
    const put = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw',
      gateway(RG, 'gw', [ip, '192.168.2.99']),
      LRO,
    );
    clock.advance(GATEWAY_CREATE_MS);
    await put.pollUntilDone();
    const healthPoller = await network.applicationGateways.beginBackendHealth(RG, 'gw', LRO);
    clock.advance(10_000);
    const health = await healthPoller.pollUntilDone();
    const servers =
      health.backendAddressPools?.[0]?.backendHttpSettingsCollection?.[0]?.servers ?? [];
    assert.deepEqual(
      servers.map((s) => [s.address, s.health]),
      [
        [ip, 'Healthy'],
        ['192.168.2.99', 'Unhealthy'],
      ],
    );
  });
});

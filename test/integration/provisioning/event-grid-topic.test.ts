import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { NetworkManagementClient } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { environmentContext } from '../../../src/environments/index.js';
import { resourcesOfStage } from '../../../src/provisioning/stage-graph.js';
import type { StageContext } from '../../../src/provisioning/stage-context.js';
import { eventGridStage } from '../../../src/provisioning/stages/event-grid-stage.js';
import { createAppServices } from '../../../src/services.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { specWith } from '../../support/specs.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';
import { containerGroup, vnetWithSubnets } from '../emulator/builders.js';

// Azure allows one Event Grid system topic per source (articles/event-grid/system-topics.md), and
// the emulator refuses a second one as Azure does: these deployments must share the one there is.

const SUB = '00000000-0000-0000-0000-000000000000';
const API = '2022-06-15';
const LRO = { updateIntervalInMs: 1 };
const groupId = (rg: string) => `/subscriptions/${SUB}/resourceGroups/${rg}`;

interface Topic {
  id: string;
  name: string;
  tags?: Record<string, string>;
  properties: { source: string };
}

interface Logged {
  method: string;
  path: string;
  changedState: boolean;
}

describe("an environment's Event Grid subscription, on its resource group's one system topic", () => {
  let emu: EmulatorHandle;
  const hooks: TestWebhook[] = [];

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-event-grid-topic-')),
      timeScale: 0.0001,
      // Resource provider registration is the providers stage's test; here it is done already.
      freshSubscription: false,
    });
  });
  after(async () => {
    await Promise.all(hooks.map((h) => h.close()));
    await emu.stop();
  });

  /** The event-grid stage of the environment `name` in `resourceGroup`, delivering to `hook`. */
  function stage(name: string, resourceGroup: string, hook: TestWebhook): StageContext {
    const settings = localSettings(emu, { ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: hook.url });
    const services = createAppServices(settings, emulatorConnection(emu), () => {});
    const env = environmentContext(services, specWith({ name, resourceGroup }), 'event-grid');
    return { ...env, resources: resourcesOfStage(env.plan, 'event-grid') };
  }

  async function webhook(): Promise<TestWebhook> {
    const hook = await startWebhook();
    hooks.push(hook);
    return hook;
  }

  async function topicsOf(rg: string): Promise<Topic[]> {
    const list = await adminRequest(
      emu,
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.EventGrid/systemTopics?api-version=${API}`,
    );
    return (list.value as Topic[]).filter(
      (t) => t.properties.source.toLowerCase() === groupId(rg).toLowerCase(),
    );
  }

  const subscriptionsOf = async (topicId: string) =>
    (
      (await adminRequest(emu, 'GET', `${topicId}/eventSubscriptions?api-version=${API}`))
        .value as { name: string }[]
    )
      .map((s) => s.name)
      .sort();

  const writes = async () =>
    ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as Logged[]).filter(
      (r) => r.changedState,
    );

  /** Creates container group `name` in `rg` (a VNet with a delegated subnet first). */
  async function createGroup(rg: string, name: string): Promise<void> {
    const options = { endpoint: emu.armUrl, tlsOptions: { ca: emu.caPem } };
    const credential = emulatorConnection(emu).credential;
    await vnetWithSubnets(new NetworkManagementClient(credential, SUB, options), rg, 'vnet');
    const subnet = `${groupId(rg)}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci`;
    await new ContainerInstanceManagementClient(
      credential,
      SUB,
      options,
    ).containerGroups.beginCreateOrUpdateAndWait(rg, name, containerGroup(subnet), LRO);
  }

  test('two environments in one resource group share its topic, each with its own subscription and events', async () => {
    const rg = 'rg-contoso-shared';
    const [devHook, testHook] = [await webhook(), await webhook()];
    const dev = await eventGridStage(stage('contoso-dev', rg, devHook));
    assert.equal(dev.created, 2, dev.summary);
    const second = await eventGridStage(stage('contoso-test', rg, testHook));
    assert.match(second.summary, /1 created, on the existing system topic evgt-contoso-dev-/);

    const topics = await topicsOf(rg);
    assert.deepEqual(
      topics.map((t) => t.name),
      ['evgt-contoso-dev-resource-group'],
    );
    assert.deepEqual(await subscriptionsOf(topics[0]!.id), [
      'evgs-contoso-dev-container-groups',
      'evgs-contoso-test-container-groups',
    ]);
    const rerun = await eventGridStage(stage('contoso-dev', rg, devHook));
    assert.equal(rerun.summary, '2 unchanged');

    await createGroup(rg, 'ci-contoso-dev-app-1');
    await createGroup(rg, 'ci-contoso-test-app-1');
    await devHook.waitFor((e) => e.subject.endsWith('/ci-contoso-dev-app-1'));
    await testHook.waitFor((e) => e.subject.endsWith('/ci-contoso-test-app-1'));
    // Every delivery was queued when its group's write completed: sent or pending, all are here.
    const state = await adminRequest(emu, 'GET', '/_emulator/state');
    const sent = (state.deliveries as { endpointUrl: string; eventType: string; subject: string }[])
      .filter((d) => d.eventType !== 'Microsoft.EventGrid.SubscriptionValidationEvent')
      .map((d) => `${d.endpointUrl} ${d.subject.split('/').at(-1)}`);
    const pending = (
      state.pendingDeliveries as { endpointUrl: string; subjects: string[] }[]
    ).flatMap((d) => d.subjects.map((s) => `${d.endpointUrl} ${s.split('/').at(-1)}`));
    assert.deepEqual(
      [...new Set([...sent, ...pending])].sort(),
      [`${devHook.url} ci-contoso-dev-app-1`, `${testHook.url} ci-contoso-test-app-1`].sort(),
      "each environment's subscription delivers its own groups' events only",
    );
  });

  test('subscribes on a topic made in the portal, leaving it as it is, and creates none', async () => {
    const rg = 'rg-contoso-portal';
    await adminRequest(emu, 'PUT', `${groupId(rg)}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
    const portalTopic = `${groupId(rg)}/providers/Microsoft.EventGrid/systemTopics/${rg}-5f0c1d2e`;
    await adminRequest(emu, 'PUT', `${portalTopic}?api-version=${API}`, {
      location: 'global',
      tags: { createdBy: 'portal' },
      properties: { source: groupId(rg), topicType: 'Microsoft.Resources.ResourceGroups' },
    });
    const hook = await webhook();
    const before = (await writes()).length;

    const report = await eventGridStage(stage('contoso-dev', rg, hook));
    assert.match(report.summary, /on the existing system topic rg-contoso-portal-5f0c1d2e/);
    assert.deepEqual(
      (await writes()).slice(before).map((w) => `${w.method} ${w.path.split('/providers/')[1]}`),
      [
        `PUT Microsoft.EventGrid/systemTopics/${rg}-5f0c1d2e/eventSubscriptions/evgs-contoso-dev-container-groups`,
      ],
      'one write: the subscription, under the portal topic',
    );
    const [topic, ...others] = await topicsOf(rg);
    assert.deepEqual(
      [topic?.name, topic?.tags, others],
      [`${rg}-5f0c1d2e`, { createdBy: 'portal' }, []],
    );
  });

  test('two environments deploying side by side in one resource group end with one topic and both subscriptions', async () => {
    const rg = 'rg-contoso-race';
    const hook = await webhook();
    const reports = await Promise.all([
      eventGridStage(stage('contoso-one', rg, hook)),
      eventGridStage(stage('contoso-two', rg, hook)),
    ]);
    assert.equal(reports.length, 2);
    const topics = await topicsOf(rg);
    assert.equal(topics.length, 1, topics.map((t) => t.name).join(', '));
    assert.deepEqual(await subscriptionsOf(topics[0]!.id), [
      'evgs-contoso-one-container-groups',
      'evgs-contoso-two-container-groups',
    ]);
  });
});

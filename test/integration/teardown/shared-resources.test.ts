// Two environments in one resource group share what Azure allows once per group or per name: the
// group's Event Grid system topic and Azure SQL's private zone. Tearing the first one down deletes
// its own event subscription and zone link, and keeps the shared resources the second still uses,
// saying why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { environmentContext } from '../../../src/environments/index.js';
import { createAppServices, type AppServices } from '../../../src/services.js';
import { takeInventory } from '../../../src/teardown/inventory.js';
import { tearDownStep } from '../../../src/teardown/tear-down-step.js';
import { targetsByStep } from '../../../src/teardown/teardown-targets.js';
import type { TargetOutcome } from '../../../src/teardown/types.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { specWith } from '../../support/specs.js';
import {
  deployByStages,
  startStageEmulator,
  type StandIns,
} from '../../support/stage-deployment.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';

/** Only what the two environments share is deployed: network, private DNS, Event Grid. */
const onlyShared: StandIns = Object.fromEntries(
  [
    'identities',
    'key-vault',
    'registry',
    'database',
    'database-migration',
    'certificate',
    'container-groups',
    'group-dns-records',
    'gateway',
    'gateway-configuration',
    'public-dns',
    'verify',
    'prune',
  ].map((stage) => [stage, 'skip']),
);

const specOf = (name: string) =>
  specWith({
    name,
    network: {
      addressSpace: name === 'first' ? '10.1.0.0/16' : '10.2.0.0/16',
      subnets:
        name === 'first'
          ? { gateway: '10.1.0.0/24', containers: '10.1.1.0/24', privateEndpoints: '10.1.2.0/27' }
          : { gateway: '10.2.0.0/24', containers: '10.2.1.0/24', privateEndpoints: '10.2.2.0/27' },
    },
    dns: { privateZone: `${name}.contoso.internal` },
  });

describe('tearing down one of two environments that share a resource group', () => {
  let emu: EmulatorHandle;
  let hook: TestWebhook;
  let services: AppServices;

  before(async () => {
    emu = await startStageEmulator('teardown-shared');
    hook = await startWebhook();
    const settings = localSettings(emu, { ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: hook.url });
    services = createAppServices(settings, emulatorConnection(emu), () => {});
    for (const name of ['first', 'second'])
      await deployByStages(services, specOf(name), onlyShared);
  });
  after(async () => {
    await hook.close();
    await emu.stop();
  });

  test("deletes the first's subscription and link, keeps the topic and the SQL zone the second uses", async () => {
    const ctx = environmentContext(services, specOf('first'), 'teardown');
    const inventory = await takeInventory(ctx);
    const outcomes: TargetOutcome[] = [];
    for (const { step, targets } of targetsByStep(inventory.targets))
      if (step === 'event-grid' || step === 'private-dns')
        outcomes.push(...(await tearDownStep(ctx, targets)));
    const byName = (pattern: RegExp) => outcomes.find((o) => pattern.test(o.id));
    assert.equal(byName(/eventSubscriptions\/evgs-first-/)?.outcome, 'deleted');
    const topic = byName(/systemTopics\/evgt-first-resource-group$/);
    assert.equal(topic?.outcome, 'kept');
    assert.match(
      topic?.why ?? '',
      /still delivers to event subscriptions that are not this environment's \(evgs-second-container-groups\)/,
    );
    assert.equal(
      byName(/privatelink\.database\.windows\.net\/virtualNetworkLinks\//)?.outcome,
      'deleted',
    );
    const zone = byName(/privateDnsZones\/privatelink\.database\.windows\.net$/);
    assert.equal(zone?.outcome, 'kept');
    assert.match(
      zone?.why ?? '',
      /virtual networks that are not this environment's still link it \(vnet-second\)/,
    );
    assert.equal(byName(/privateDnsZones\/first\.contoso\.internal$/)?.outcome, 'deleted');
  });
});

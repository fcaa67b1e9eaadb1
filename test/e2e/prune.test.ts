// Scaling down prunes: a deployment of the full example with 2 app instances instead of 3 takes
// ci-contoso-prod-app-3 out of the gateway's app pool, deletes the group, then its A record; a
// deployment with 3 again brings it back; `prune: false` leaves an extra group alone; a container
// group someone made by hand in the same resource group survives every deployment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ArmResource, RequestLogEntry } from '../../local/emulator/core/model.js';
import type { BackendHealthSample } from '../../local/emulator/providers/network/backend-health-timeline.js';
import { adminRequest } from '../support/admin.js';
import { deployAndWait, startDeployed, type DeploymentStatus } from '../support/deployments.js';
import type { LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, specWith, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '11111111-2222-3333-4444-555555555555';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-contoso-prod`;
const GROUP_API = 'api-version=2023-05-01';
const groupId = (name: string) =>
  `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
const appGroup = (n: number) => groupId(`ci-contoso-prod-app-${n}`);
const recordId = (n: number) =>
  `${GROUP}/providers/Microsoft.Network/privateDnsZones/prod.contoso.internal/A/app-${n}`;
const GATEWAY = `${GROUP}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`;
/** Named like the environment's groups, but made by hand: no ownership tags. */
const HANDMADE = 'ci-contoso-prod-app-9';

const three = withImportedImages(exampleInput('full'));
const two = specWith({ app: { instances: 2 } }, three);
const twoKeeping = specWith({ app: { instances: 2 }, prune: false }, three);

interface GroupView {
  tags?: Record<string, string>;
  properties: { ipAddress?: { ip?: string }; instanceView?: { state?: string } };
}
interface GatewayView {
  backendAddressPools: {
    name: string;
    properties: { backendAddresses: { ipAddress: string }[] };
  }[];
}

/** What the emulator held right after one state-changing request. */
interface Moment {
  request: string;
  appPool: string[];
  gatewayState: string;
  /** App groups that exist, by name: their IP and provisioning state. */
  groups: Record<string, { ip?: string; provisioningState?: string }>;
}

describe('a deployment prunes what its spec no longer plans', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startDeployed(SUB, three, 'contoso-prod');
    await adminRequest(stack.emu, 'PUT', `${groupId(HANDMADE)}?${GROUP_API}`, {
      location: 'westeurope',
      tags: { owner: 'team-x' },
      properties: {
        osType: 'Linux',
        containers: [
          {
            name: 'web',
            properties: {
              image: 'mcr.microsoft.com/azuredocs/aci-helloworld',
              resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } },
            },
          },
        ],
      },
    });
  });
  after(() => stack?.stop());

  const deploy = (body: Record<string, unknown>) => deployAndWait(stack, body, 'contoso-prod');
  /** An ARM GET; undefined on 404. */
  const arm = async (id: string, apiVersion: string) => {
    try {
      return await adminRequest(stack.emu, 'GET', `${id}?api-version=${apiVersion}`);
    } catch (error) {
      if (error instanceof Error && / 404 /.test(error.message)) return undefined;
      throw error;
    }
  };
  const group = async (id: string) =>
    (await arm(id, '2023-05-01')) as unknown as GroupView | undefined;
  const recordIp = async (n: number) =>
    (
      (await arm(recordId(n), '2020-06-01')) as
        { properties: { aRecords: { ipv4Address: string }[] } } | undefined
    )?.properties.aRecords[0]?.ipv4Address;
  const appPool = async () => {
    const gateway = (await arm(GATEWAY, '2025-05-01')) as { properties: GatewayView } | undefined;
    const pool = gateway?.properties.backendAddressPools.find((p) => p.name === 'app');
    return (pool?.properties.backendAddresses ?? []).map((a) => a.ipAddress).sort();
  };
  const appPoolTimeline = async () => {
    const answer = await adminRequest(
      stack.emu,
      'GET',
      '/_emulator/network/application-gateways/backend-health-timeline',
    );
    return (answer.value as BackendHealthSample[]).filter(
      (s) => s.gatewayId.toLowerCase() === GATEWAY.toLowerCase() && s.pool === 'app',
    );
  };
  const ips = async (ns: number[]) =>
    Promise.all(ns.map(async (n) => (await group(appGroup(n)))?.properties.ipAddress?.ip ?? ''));
  const stage = (status: DeploymentStatus, name: string) =>
    status.stages.find((s) => s.stage === name);

  /** After every state-changing request the emulator records: the app pool, the gateway, the groups. */
  function watch(): Moment[] {
    const state = stack.emu.engine.state;
    const seen: Moment[] = [];
    const push = state.requests.push.bind(state.requests);
    state.requests.push = (...entries: RequestLogEntry[]) => {
      const length = push(...entries);
      for (const entry of entries.filter((e) => e.changedState))
        seen.push(momentAfter(entry, [...state.resources.values()]));
      return length;
    };
    return seen;
  }

  test('3 → 2: app-3 leaves the pool, is deleted, then its record; nothing else goes', async () => {
    const [ip1, ip2, ip3] = await ips([1, 2, 3]);
    assert.deepEqual(await appPool(), [ip1, ip2, ip3].sort());
    assert.equal(await recordIp(3), ip3);
    const timelineBefore = await appPoolTimeline();
    const seen = watch();

    const result = await deploy(two);
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result, null, 2));

    // What remains.
    assert.equal(await group(appGroup(3)), undefined, 'ci-contoso-prod-app-3 is deleted');
    assert.equal(await recordIp(3), undefined, 'its A record is deleted');
    assert.deepEqual(await appPool(), [ip1, ip2].sort(), 'its backend address is gone');
    assert.deepEqual([await recordIp(1), await recordIp(2)], [ip1, ip2], 'the records follow');
    const handmade = await group(groupId(HANDMADE));
    assert.deepEqual(handmade?.tags, { owner: 'team-x' }, 'the hand-made group survives');
    const summary = stage(result, 'prune')?.summary ?? '';
    assert.match(summary, /^deleted ci-contoso-prod-app-3, A record app-3 \(no longer planned\)/);
    assert.match(
      summary,
      /kept ci-contoso-prod-app-9 \(not this environment's: it carries tags \{owner=team-x\}/,
    );

    // The order: the pool dropped app-3 (its gateway PUT completed) before its DELETE, and the
    // record went once the group was gone.
    const requests = seen.map((m) => m.request);
    const groupDelete = requests.indexOf('DELETE ci-contoso-prod-app-3');
    const recordDelete = requests.indexOf('DELETE app-3');
    assert.ok(groupDelete >= 0 && recordDelete > groupDelete, requests.join('\n'));
    const atDelete = seen[groupDelete]!;
    assert.ok(!atDelete.appPool.includes(ip3!), `pool at the DELETE: ${atDelete.appPool.join()}`);
    assert.equal(atDelete.gatewayState, 'Succeeded', 'no gateway PUT still running');
    assert.ok(
      seen.slice(0, groupDelete).some((m) => m.request === 'PUT agw-contoso-prod'),
      `the gateway was written without app-3 before:\n${requests.join('\n')}`,
    );
    assert.equal(seen[recordDelete]?.groups['ci-contoso-prod-app-3'], undefined);
    assert.deepEqual(
      requests.filter((r) => r.startsWith('DELETE')),
      ['DELETE ci-contoso-prod-app-3', 'DELETE app-3'],
      'nothing else was deleted',
    );
    // At no moment did the pool hold an address that no running group had (a dying backend).
    const dying = seen.filter((m) =>
      m.appPool.some(
        (ip) =>
          !Object.values(m.groups).some((g) => g.ip === ip && g.provisioningState !== 'Deleting'),
      ),
    );
    assert.deepEqual(dying, [], 'the pool pointed at a deleted or dying group');
    const during = (await appPoolTimeline()).slice(timelineBefore.length);
    assert.deepEqual(
      during.filter((s) => s.healthy !== s.backends),
      [],
      `every app backend healthy at every sample:\n${JSON.stringify(during, null, 2)}`,
    );
    assert.deepEqual(
      [during.at(-1)?.backends, during.at(-1)?.healthy],
      [2, 2],
      JSON.stringify(during),
    );
    console.log(
      `app pool during the 3→2 scale-down: ${[timelineBefore.at(-1), ...during].map((s) => `${s?.healthy}/${s?.backends} healthy (${s?.cause})`).join(' → ')}; ` +
        `at DELETE ci-contoso-prod-app-3 (${ip3}) the pool held [${atDelete.appPool.join(', ')}], gateway ${atDelete.gatewayState}`,
    );
  });

  test('2 → 3: app-3 comes back with its record and its backend address', async () => {
    const result = await deploy(three);
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result, null, 2));
    const [ip1, ip2, ip3] = await ips([1, 2, 3]);
    assert.ok(ip3, 'ci-contoso-prod-app-3 runs with an IP');
    assert.equal(await recordIp(3), ip3);
    assert.deepEqual(await appPool(), [ip1, ip2, ip3].sort());
    assert.equal((await appPoolTimeline()).at(-1)?.healthy, 3);
    assert.match(stage(result, 'prune')?.summary ?? '', /^kept ci-contoso-prod-app-9 /);
    assert.ok(await group(groupId(HANDMADE)), 'the hand-made group survives');
  });

  test('prune: false leaves the extra group and its record alone', async () => {
    const ip3 = (await ips([3]))[0];
    const seen = watch();
    const result = await deploy(twoKeeping);
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result, null, 2));
    assert.deepEqual(
      seen.filter((m) => m.request.startsWith('DELETE')).map((m) => m.request),
      [],
      'nothing was deleted',
    );
    const kept = await group(appGroup(3));
    assert.equal(kept?.properties.ipAddress?.ip, ip3, 'ci-contoso-prod-app-3 still runs');
    assert.equal(await recordIp(3), ip3, 'its record is kept');
    assert.match(
      stage(result, 'prune')?.summary ?? '',
      /^kept ci-contoso-prod-app-3 \(prune is false in the spec\); kept A record app-3 \(prune is false in the spec\)/,
    );
    assert.ok(await group(groupId(HANDMADE)), 'the hand-made group survives');
  });
});

function momentAfter(entry: RequestLogEntry, resources: readonly ArmResource[]): Moment {
  const byId = (id: string) => resources.find((r) => r.id.toLowerCase() === id.toLowerCase());
  const gateway = byId(GATEWAY);
  const pools = (gateway?.properties as GatewayView | undefined)?.backendAddressPools ?? [];
  const app = pools.find((p) => p.name === 'app')?.properties.backendAddresses ?? [];
  const groups = Object.fromEntries(
    resources
      .filter((r) => /\/containerGroups\/ci-contoso-prod-app-\d+$/i.test(r.id))
      .map((r) => {
        const p = r.properties as { ipAddress?: { ip?: string }; provisioningState?: string };
        return [r.name, { ip: p.ipAddress?.ip, provisioningState: p.provisioningState }];
      }),
  );
  return {
    request: `${entry.method} ${entry.path.split('?')[0]!.split('/').at(-1) ?? ''}`,
    appPool: app.map((a) => a.ipAddress),
    gatewayState: String(
      (gateway?.properties as { provisioningState?: string } | undefined)?.provisioningState,
    ),
    groups,
  };
}

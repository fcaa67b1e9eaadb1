import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ArmResource } from '../../local/emulator/core/model.js';
import { adminRequest } from '../support/admin.js';
import { deployAndWait, startDeployed } from '../support/deployments.js';
import type { LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, specWith, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '11111111-2222-3333-4444-555555555555';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-contoso-prod`;
const groupId = (n: number) =>
  `${GROUP}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-prod-app-${n}`;
const recordId = (n: number) =>
  `${GROUP}/providers/Microsoft.Network/privateDnsZones/prod.contoso.internal/A/app-${n}`;
const GATEWAY = `${GROUP}/providers/Microsoft.Network/applicationGateways/agw-contoso-prod`;
const APPS = [1, 2, 3];

/** The app pool's addresses that are the IP of a running app group, in the emulator's state. */
function liveBackends(resources: ReadonlyMap<string, ArmResource>): string[] {
  const all = [...resources.values()];
  const running = new Set(
    all
      .filter((r) => /\/containerGroups\/ci-contoso-prod-app-\d+$/i.test(r.id))
      .map(
        (r) => r.properties as { ipAddress?: { ip?: string }; instanceView?: { state?: string } },
      )
      .filter((p) => p.instanceView?.state === 'Running')
      .flatMap((p) => (p.ipAddress?.ip ? [p.ipAddress.ip] : [])),
  );
  const gateway = all.find((r) => r.id.toLowerCase() === GATEWAY.toLowerCase());
  const pools = (gateway?.properties as GatewayView | undefined)?.backendAddressPools ?? [];
  const app = pools.find((p) => p.name === 'app')?.properties.backendAddresses ?? [];
  return app.map((a) => a.ipAddress).filter((ip) => running.has(ip));
}

const spec = withImportedImages(exampleInput('full'));
/** The same environment with more CPU for the web containers: ACI cannot change that in place. */
const moreCpu = specWith({ app: { resources: { web: { cpu: 1, memoryInGB: 1 } } } }, spec);

interface GatewayView {
  backendAddressPools: {
    name: string;
    properties: { backendAddresses: { ipAddress: string }[] };
  }[];
}

interface GroupView {
  ipAddress: { ip?: string };
  containers: { name: string; properties: { resources: { requests: { cpu: number } } } }[];
}

describe('a change ACI cannot make in place replaces the groups', { skip }, () => {
  let stack: LocalStack;

  const deploy = (body: Record<string, unknown>) => deployAndWait(stack, body, 'contoso-prod');

  before(async () => {
    stack = await startDeployed(SUB, spec, 'contoso-prod');
  });
  after(() => stack?.stop());

  const arm = (id: string, apiVersion: string) =>
    adminRequest(stack.emu, 'GET', `${id}?api-version=${apiVersion}`);
  const group = async (n: number) => (await arm(groupId(n), '2023-05-01')).properties as GroupView;
  const recordIp = async (n: number) =>
    ((await arm(recordId(n), '2020-06-01')).properties as { aRecords: { ipv4Address: string }[] })
      .aRecords[0]?.ipv4Address;
  const appPool = async () => {
    const gateway = (await arm(GATEWAY, '2025-05-01')).properties as {
      backendAddressPools: {
        name: string;
        properties: { backendAddresses: { ipAddress: string }[] };
      }[];
    };
    return (
      gateway.backendAddressPools
        .find((p) => p.name === 'app')
        ?.properties.backendAddresses.map((a) => a.ipAddress)
        .sort() ?? []
    );
  };
  const groupWrites = async () => {
    const log = await adminRequest(stack.emu, 'GET', '/_emulator/requests');
    return (log.value as { changedState: boolean; method: string; path: string }[])
      .filter((r) => r.changedState && /\/containerGroups\/[^/]+$/i.test(r.path))
      .map((r) => `${r.method} ${r.path.split('/').at(-1) ?? ''}`);
  };

  /**
   * After every request the emulator records (the only way a group dies or the pool changes):
   * the request, and the app pool's addresses that belong to a running app group.
   */
  function watchLiveBackends(): { request: string; live: string[] }[] {
    const state = stack.emu.engine.state;
    const seen: { request: string; live: string[] }[] = [];
    const push = state.requests.push.bind(state.requests);
    state.requests.push = (...entries) => {
      const length = push(...entries);
      for (const entry of entries) {
        if (!entry.changedState) continue;
        const request = `${entry.method} ${entry.path.split('?')[0]!.split('/').at(-1) ?? ''}`;
        seen.push({ request, live: liveBackends(state.resources) });
      }
      return length;
    };
    return seen;
  }

  test('deletes and creates each app group with the new CPU; the records and the backends follow the new IPs', async () => {
    const oldIps = await Promise.all(APPS.map(async (n) => (await group(n)).ipAddress.ip));
    assert.deepEqual(await Promise.all(APPS.map(recordIp)), oldIps);
    const writesBefore = (await groupWrites()).length;
    const seen = watchLiveBackends();

    const second = await deploy(moreCpu);
    assert.equal(second.runtimeStatus, 'Completed', JSON.stringify(second, null, 2));
    assert.deepEqual((await groupWrites()).slice(writesBefore), [
      'DELETE ci-contoso-prod-app-1',
      'PUT ci-contoso-prod-app-1',
      'DELETE ci-contoso-prod-app-2',
      'PUT ci-contoso-prod-app-2',
      'DELETE ci-contoso-prod-app-3',
      'PUT ci-contoso-prod-app-3',
    ]);
    // Rolled forward after each replacement: the new group's record and the gateway's pool are
    // written before the next group goes down, so the gateway never runs out of live backends.
    const rolls = seen
      .map((s) => s.request)
      .filter((r) => /^(DELETE|PUT) (ci-contoso-prod-app-\d|app-\d|agw-contoso-prod)$/.test(r));
    for (const n of [1, 2]) {
      const created = rolls.indexOf(`PUT ci-contoso-prod-app-${n}`);
      const next = rolls.indexOf(`DELETE ci-contoso-prod-app-${n + 1}`);
      assert.ok(created >= 0 && next > created, rolls.join('\n'));
      const between = rolls.slice(created + 1, next);
      assert.ok(
        between.includes('PUT agw-contoso-prod'),
        `gateway written between:\n${rolls.join('\n')}`,
      );
      assert.ok(
        between.includes(`PUT app-${n}`),
        `record app-${n} written between:\n${rolls.join('\n')}`,
      );
    }
    // Weaker on its own: the emulator may give a new group an address an old one had, which
    // then counts as live (it is); the order above is what the old behaviour fails.
    const dark = seen.filter((s) => s.live.length === 0).map((s) => s.request);
    assert.deepEqual(dark, [], 'requests after which no app backend was a running group');
    const summary = second.stages.find((s) => s.stage === 'container-groups')?.summary ?? '';
    for (const n of APPS)
      assert.match(
        summary,
        new RegExp(`replaces ci-contoso-prod-app-${n} \\(CPU of container 'web' changed\\)`),
      );

    const newIps: string[] = [];
    for (const n of APPS) {
      const now = await group(n);
      const web = now.containers.find((c) => c.name === 'web');
      assert.equal(web?.properties.resources.requests.cpu, 1);
      assert.ok(now.ipAddress.ip, `app-${n} has an IP`);
      assert.notEqual(now.ipAddress.ip, oldIps[n - 1], `app-${n} came back on another IP`);
      assert.equal(await recordIp(n), now.ipAddress.ip, `the record of app-${n}`);
      newIps.push(now.ipAddress.ip);
    }
    assert.deepEqual(await appPool(), newIps.toSorted());
  });
});

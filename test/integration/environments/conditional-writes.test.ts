// A race between the read and the write: a record set is created If-None-Match `*` and updated
// If-Match the etag read, so a change made in between (never checked for ownership) is answered
// 412 by the emulator, as by Azure DNS; the app reads again, checks again, tries once more.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { createResourceStore, type ResourceStore } from '../../../src/azure/resources.js';
import { applyContext, applyResource } from '../../../src/environments/index.js';
import { groupRecords, planIds, type JsonObject } from '../../../src/plan/index.js';
import { examplePlan, exampleSpec } from '../../unit/plan/helpers.js';
import { adminRequest } from '../../support/admin.js';
import { until } from '../../support/eventually.js';
import { emulatorConnection } from '../../support/emulator-connection.js';

const spec = exampleSpec('minimal');
const plan = examplePlan('minimal');
const ids = planIds(spec);
const OURS = { 'aci-vnet-sidecars-environment': 'contoso-dev', 'managed-by': 'aci-vnet-sidecars' };
const API = '2020-06-01';
/** The first app group's private A record, as the group-records stage plans it. */
const records = groupRecords(
  spec,
  new Map([[ids.appContainerGroups[0]!.toLowerCase(), '192.168.2.7']]),
);
assert.equal(records.length, 1);
const record = records[0]!;

interface Logged {
  method: string;
  path: string;
  status: number;
}

describe('writes conditional on what was read', () => {
  let emu: EmulatorHandle;
  const log: string[] = [];

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-conditional-')),
      timeScale: 0.0001,
      // Resource provider registration is the providers stage's test; here it is done already.
      freshSubscription: false,
    });
    await adminRequest(emu, 'PUT', `${ids.resourceGroup}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
    await adminRequest(emu, 'PUT', `${ids.appPrivateZone}?api-version=${API}`, {
      location: 'global',
      tags: OURS,
    });
    await until(async () => (await zoneState()) === 'Succeeded', { what: 'the private zone' });
  });
  after(() => emu?.stop());
  beforeEach(async () => {
    log.length = 0;
    await adminRequest(emu, 'DELETE', `${record.id}?api-version=${API}`);
  });

  const zoneState = async () =>
    (
      (await adminRequest(emu, 'GET', `${ids.appPrivateZone}?api-version=${API}`))
        .properties as JsonObject
    ).provisioningState;
  const putRecord = (ip: string, metadata: Record<string, string>) =>
    adminRequest(emu, 'PUT', `${record.id}?api-version=${API}`, {
      properties: { ttl: 10, aRecords: [{ ipv4Address: ip }], metadata },
    });
  const recordIp = async () =>
    (
      (await adminRequest(emu, 'GET', `${record.id}?api-version=${API}`)).properties as {
        aRecords: { ipv4Address: string }[];
      }
    ).aRecords[0]?.ipv4Address;
  const putStatuses = async () =>
    ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as Logged[])
      .filter((r) => r.method === 'PUT' && r.path.toLowerCase() === record.id.toLowerCase())
      .map((r) => r.status);

  /** The app's store, with another writer writing the record right after each of the first `n` reads. */
  function raced(n: number, otherWrite: (round: number) => Promise<unknown>): ResourceStore {
    const inner = createResourceStore(emulatorConnection(emu), plan.subscriptionId);
    let reads = 0;
    return {
      ...inner,
      get: async (id, apiVersion) => {
        const read = await inner.get(id, apiVersion);
        if (id === record.id && reads < n) await otherWrite(++reads);
        return read;
      },
    };
  }
  const context = (store: ResourceStore) => applyContext(store, plan, {}, (line) => log.push(line));

  test('a record set another team creates between our read and our create is refused, not overwritten', async () => {
    const before = (await putStatuses()).length;
    await assert.rejects(
      applyResource(context(raced(1, () => putRecord('192.168.9.9', { team: 'other' }))), record),
      /\[validation\/NotOwned\] the DNS record set A app-1\.contoso-dev\.internal .* its metadata is \{team=other\}.* choose another dns\.privateZone/,
    );
    assert.equal(await recordIp(), '192.168.9.9');
    assert.deepEqual(
      (await putStatuses()).slice(before),
      [201, 412],
      "the other team's create, ours refused by If-None-Match: *",
    );
    assert.ok(log.some((l) => /A\/app-1 changed since it was read \(PreconditionFailed\)/.test(l)));
  });

  test("a change this environment's other writer made between our read and our update is read again and built on", async () => {
    await putRecord('192.168.2.4', OURS);
    const before = (await putStatuses()).length;
    const applied = await applyResource(
      context(raced(1, () => putRecord('192.168.2.5', OURS))),
      record,
    );
    assert.equal(applied.changed, true);
    assert.equal(await recordIp(), '192.168.2.7');
    assert.deepEqual(
      (await putStatuses()).slice(before),
      [200, 412, 200],
      'the other write, ours refused by If-Match the stale etag, ours from the fresh read',
    );
  });

  test('gives up after two reads that each went stale, naming the record set, and overwrites nothing', async () => {
    await putRecord('192.168.2.4', OURS);
    await assert.rejects(
      applyResource(
        context(raced(2, (round) => putRecord(`192.168.2.${10 + round}`, OURS))),
        record,
      ),
      /\[conflict\/ChangedMeanwhile\] privateDnsZones\/contoso-dev\.internal\/A\/app-1 changed between each of 2 reads and the write that followed .*someone else is writing it/,
    );
    assert.equal(await recordIp(), '192.168.2.12');
  });
});

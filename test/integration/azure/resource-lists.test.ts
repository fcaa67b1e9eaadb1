// The app's collection GETs against the emulator: every page through the app's own connection
// (token, CA, retry policy), and a missing scope read as "no resources there".
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection } from '../../support/emulator-connection.js';

const SUB = '00000000-0000-4000-8000-0000000000c2';
const GROUP = `/subscriptions/${SUB}/resourceGroups/rg-lists`;
const ZONE = `${GROUP}/providers/Microsoft.Network/privateDnsZones/lists.internal`;
const API = '2020-06-01';

describe("the app's collection GETs", () => {
  let emu: EmulatorHandle;

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-lists-')),
      timeScale: 0.0001,
      freshSubscription: false,
    });
    await adminRequest(emu, 'PUT', `${GROUP}?api-version=2025-04-01`, { location: 'westeurope' });
    await adminRequest(emu, 'PUT', `${ZONE}?api-version=${API}`, { location: 'global' });
    for (let i = 0; i < 150; i++)
      await adminRequest(emu, 'PUT', `${ZONE}/A/r${i}?api-version=${API}`, {
        properties: { ttl: 60, aRecords: [{ ipv4Address: `192.168.9.${i}` }] },
      });
  });
  after(() => emu?.stop());

  const store = () => createResourceStore(emulatorConnection(emu), SUB);

  test('read every page of a collection longer than one page, one request a page', async () => {
    const log = async () =>
      ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as { path: string }[]).length;
    const before = await log();
    const records = await store().list(`${ZONE}/A`, API);
    assert.equal(records?.length, 150);
    assert.equal(new Set(records?.map((r) => r.name)).size, 150);
    assert.equal(records?.find((r) => r.name === 'r149')?.etag !== undefined, true);
    assert.equal((await log()) - before, 2, 'two pages of at most 100');
  });

  test('answer undefined for a collection whose resource group or zone does not exist', async () => {
    const groups = '/providers/Microsoft.ContainerInstance/containerGroups';
    assert.equal(
      await store().list(`/subscriptions/${SUB}/resourceGroups/rg-missing${groups}`, '2023-05-01'),
      undefined,
    );
    assert.equal(
      await store().list(
        `${GROUP}/providers/Microsoft.Network/privateDnsZones/none.internal/A`,
        API,
      ),
      undefined,
    );
    assert.deepEqual(await store().list(`${GROUP}${groups}`, '2023-05-01'), []);
  });
});

// What one reconcile pass sends to ARM: the reads stay at a handful per environment however many
// groups it has (ARM throttles reads per subscription and principal), and writes only what moved.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { reconcileEnvironment, type ReconcileReport } from '../../../src/reconcile/reconcile.js';
import { createAppServices, type AppServices } from '../../../src/services.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { holdStartup, type HeldStartup } from '../../support/restart-hold.js';
import {
  seedEnvironment,
  seededSpecInput,
  type SeededEnvironment,
} from '../../support/seeded-environments.js';

interface LoggedRequest {
  method: string;
  path: string;
  changedState: boolean;
}

/** `GET containerGroups` (a list), `GET containerGroups/ci-env-001-app-1`, `PUT A/app-1`, … */
function describeRequest(r: LoggedRequest): string {
  const [, provider = r.path] = r.path.split(/\/providers\/Microsoft\.[A-Za-z]+\//);
  const parts = provider.split('/');
  const what = parts.length % 2 === 1 ? parts.at(-1) : parts.slice(-2).join('/');
  return `${r.method} ${what}`;
}

describe('a reconcile pass, counted in ARM requests', () => {
  let emu: EmulatorHandle;
  let env: SeededEnvironment;
  let services: AppServices;

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-reconcile-reads-')),
      timeScale: 0.01,
      freshSubscription: false,
    });
    env = await seedEnvironment(emu, seededSpecInput(1));
    services = createAppServices(localSettings(emu), emulatorConnection(emu), () => undefined);
  });
  after(() => emu?.stop());

  /** The requests `run` sent, in the order the emulator received them. */
  async function sentBy<T>(run: () => Promise<T>): Promise<{ result: T; sent: LoggedRequest[] }> {
    const log = async () =>
      (await adminRequest(emu, 'GET', '/_emulator/requests')).value as LoggedRequest[];
    const before = (await log()).length;
    const result = await run();
    return { result, sent: (await log()).slice(before) };
  }
  const pass = () => reconcileEnvironment(services, env.input, { waitForRestarts: true });

  test('reads an environment whose four groups all run in three requests, and writes nothing', async () => {
    const { result, sent } = await sentBy(pass);
    assert.equal((result as ReconcileReport).summary, 'in sync: nothing to write');
    assert.deepEqual(sent.map(describeRequest), [
      'GET containerGroups',
      'GET A',
      'GET applicationGateways/agw-env-001',
    ]);
  });

  test('while three groups restart, each check reads the list, those three groups and the records; then one gateway PUT', async () => {
    const [app1, app2, app3] = env.groups;
    // Each start-up held until the first check has run, however slow the machine is.
    const held: HeldStartup[] = [];
    for (const id of [app1, app2, app3]) {
      await adminRequest(emu, 'POST', `${id}/restart?api-version=2023-05-01`);
      held.push(holdStartup(emu, id!));
    }
    const checks: LoggedRequest[][] = [];
    let report: ReconcileReport | undefined;
    for (let i = 0; i < 500 && !report; i++) {
      const { result, sent } = await sentBy(pass);
      if (i === 0) for (const startup of held) startup.release();
      checks.push(sent);
      if ('notReady' in result) await sleep(10);
      else report = result;
    }
    assert.ok(report, 'the restarted groups never came back');
    assert.ok(checks.length > 1, 'the first check found the groups restarting');
    assert.deepEqual(checks[0]?.map(describeRequest).sort(), [
      'GET A',
      'GET containerGroups',
      'GET containerGroups/ci-env-001-app-1',
      'GET containerGroups/ci-env-001-app-2',
      'GET containerGroups/ci-env-001-app-3',
    ]);
    const writes = checks
      .flat()
      .filter((r) => r.changedState)
      .map(describeRequest)
      .sort();
    assert.deepEqual(writes, [
      'PUT A/app-1',
      'PUT A/app-2',
      'PUT A/app-3',
      'PUT applicationGateways/agw-env-001',
    ]);
    assert.deepEqual(report.poolsChanged, ['app']);
  });
});

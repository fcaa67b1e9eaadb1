import type { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { containerGroups } from '../../../local/emulator/providers/container-instance/container-groups.js';
import { RUN_MS } from '../../../local/emulator/providers/container-instance/run-once.js';
import { startWithContainerSubnet, subnetId } from './builders.js';
import { drive, LRO, raw, SUB } from './helpers.js';

const RG = 'rg-run-once';
const groupId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;
const logsPath = (name: string, container: string, tail?: number) =>
  `${groupId(name)}/containers/${container}/logs?api-version=2023-05-01${tail === undefined ? '' : `&tail=${tail}`}`;

/** A group whose one container runs a task and exits (`restartPolicy: Never`), in the ACI subnet. */
function task(restartPolicy: 'Never' | 'Always' = 'Never') {
  return {
    location: 'westeurope',
    osType: 'Linux',
    restartPolicy,
    subnetIds: [{ id: subnetId(RG, 'vnet', 'aci') }],
    containers: [
      {
        name: 'migrate',
        image: 'registry/migrate:1',
        resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } },
      },
    ],
  };
}

// Real Azure durations on a manual clock: the run's end shows only when the test moves time.
void describe('emulator container groups that run once (restartPolicy Never)', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let aci: ContainerInstanceManagementClient;

  const create = (name: string, body = task()) =>
    drive(clock, aci.containerGroups.beginCreateOrUpdateAndWait(RG, name, body, LRO));
  const outcome = (name: string, exitCode: number, log: string) =>
    raw(emu, 'POST', '/_emulator/container-instance/outcomes', {
      containerGroupId: groupId(name),
      container: 'migrate',
      exitCode,
      log,
    });

  before(async () => {
    ({ emu, aci } = await startWithContainerSubnet(clock, RG));
  });
  after(async () => {
    await emu.stop();
  });

  void test('runs the container, then terminates it with exit code 0 and the group Succeeded', async () => {
    // Exactly the create's duration, so the run has started and not ended yet.
    const poller = await aci.containerGroups.beginCreateOrUpdate(RG, 'ok', task(), LRO);
    clock.advance(containerGroups.latency.createMs);
    await poller.pollUntilDone();
    const running = await aci.containerGroups.get(RG, 'ok');
    assert.equal(running.instanceView?.state, 'Running');
    assert.equal(running.containers[0]?.instanceView?.currentState?.state, 'Running');
    assert.deepEqual((await raw(emu, 'GET', logsPath('ok', 'migrate'))).body, { content: '' });

    clock.advance(RUN_MS);
    const done = await aci.containerGroups.get(RG, 'ok');
    assert.equal(done.instanceView?.state, 'Succeeded');
    const state = done.containers[0]?.instanceView?.currentState;
    assert.deepEqual([state?.state, state?.exitCode], ['Terminated', 0]);
    const logs = await aci.containers.listLogs(RG, 'ok', 'migrate');
    assert.match(logs.content ?? '', /the Azure emulator runs no process.*exit code 0/);
  });

  void test('ends with the exit code and log a test sets, the group Failed, and serves the tail', async () => {
    const set = await outcome('bad', 3, 'connecting\ncreated table\nfailed: permission denied\n');
    assert.equal(set.status, 201);
    await create('bad');
    clock.advance(RUN_MS);
    const done = await aci.containerGroups.get(RG, 'bad');
    assert.equal(done.instanceView?.state, 'Failed');
    const state = done.containers[0]?.instanceView?.currentState;
    assert.deepEqual([state?.state, state?.exitCode], ['Terminated', 3]);
    assert.equal(
      (await aci.containers.listLogs(RG, 'bad', 'migrate', { tail: 2 })).content,
      'created table\nfailed: permission denied\n',
    );
  });

  void test('keeps a group with restartPolicy Always running, and its log empty', async () => {
    await create('service', task('Always'));
    clock.advance(RUN_MS * 10);
    const group = await aci.containerGroups.get(RG, 'service');
    assert.equal(group.instanceView?.state, 'Running');
    assert.equal(group.containers[0]?.instanceView?.currentState?.state, 'Running');
    assert.equal((await aci.containers.listLogs(RG, 'service', 'migrate')).content, '');
  });

  void test('forgets the run with the group: its logs answer 404 once it is deleted', async () => {
    await outcome('gone', 0, 'done\n');
    await create('gone');
    clock.advance(RUN_MS);
    assert.equal((await aci.containers.listLogs(RG, 'gone', 'migrate')).content, 'done\n');
    await drive(clock, aci.containerGroups.beginDeleteAndWait(RG, 'gone', LRO));
    const res = await raw(emu, 'GET', logsPath('gone', 'migrate'));
    assert.equal(res.status, 404);
    assert.equal((res.body as { error: { code: string } }).error.code, 'ResourceNotFound');
  });

  void test("answers 404 for a container the group does not have, and refuses an outcome that isn't one", async () => {
    await create('other');
    const res = await raw(emu, 'GET', logsPath('other', 'nope'));
    assert.equal(res.status, 404);
    assert.equal((res.body as { error: { code: string } }).error.code, 'ContainerNotFound');
    const refused = await raw(emu, 'POST', '/_emulator/container-instance/outcomes', {
      containerGroupId: groupId('other'),
      container: 'migrate',
      exitCode: 'one',
    });
    assert.equal(refused.status, 400);
  });
});

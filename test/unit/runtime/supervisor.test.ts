import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GroupRun } from '../../../local/runtime/group-run.js';
import { createSupervisor, runTarget } from '../../../local/runtime/supervisor.js';
import type { ArmRecord } from '../../../local/runtime/types.js';

const ID =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/app-1';

function group(state: string, ip: string | undefined, started = 't1'): ArmRecord {
  return {
    id: ID,
    name: 'app-1',
    type: 'Microsoft.ContainerInstance/containerGroups',
    properties: {
      instanceView: { state },
      ...(ip ? { ipAddress: { type: 'Private', ip } } : { ipAddress: { type: 'Private' } }),
      containers: [
        { name: 'web', properties: { instanceView: { currentState: { startTime: started } } } },
      ],
    },
  };
}

function recorder() {
  const events: string[] = [];
  const start = (record: ArmRecord, ip: string): GroupRun => {
    events.push(`start ${record.name} ${ip}`);
    return {
      status: () => ({
        id: record.id,
        name: record.name,
        privateIp: ip,
        address: '',
        state: 'running',
        containers: [],
      }),
      stop: async () => {
        await Promise.resolve();
        events.push(`stop ${record.name} ${ip}`);
      },
    };
  };
  return { events, supervisor: createSupervisor(start, () => undefined) };
}

describe('runTarget', () => {
  test('only a Running group with an address runs; its key changes with each start', () => {
    assert.equal(runTarget(group('Pending', undefined)), undefined);
    assert.equal(runTarget(group('Running', undefined)), undefined);
    assert.equal(runTarget(group('Stopped', '192.168.1.4')), undefined);
    assert.deepEqual(runTarget(group('Running', '192.168.1.4')), {
      privateIp: '192.168.1.4',
      key: '192.168.1.4|t1',
    });
    assert.notEqual(
      runTarget(group('Running', '192.168.1.4', 't2'))?.key,
      runTarget(group('Running', '192.168.1.4'))?.key,
    );
  });
});

describe('the supervisor follows the records', () => {
  test('a restart stops the old run before the new one starts, on the new address', async () => {
    const { events, supervisor } = recorder();
    supervisor.sync([group('Running', '192.168.1.4')]);
    supervisor.sync([group('Running', '192.168.1.4')]);
    supervisor.sync([group('Pending', undefined)]);
    supervisor.sync([group('Running', '192.168.1.9', 't2')]);
    await supervisor.settled();
    assert.deepEqual(events, [
      'start app-1 192.168.1.4',
      'stop app-1 192.168.1.4',
      'start app-1 192.168.1.9',
    ]);
  });

  test('a platform restart on the same address (new start time) runs the group again', async () => {
    const { events, supervisor } = recorder();
    supervisor.sync([group('Running', '192.168.1.4')]);
    supervisor.sync([group('Running', '192.168.1.4', 't2')]);
    await supervisor.settled();
    assert.deepEqual(events, [
      'start app-1 192.168.1.4',
      'stop app-1 192.168.1.4',
      'start app-1 192.168.1.4',
    ]);
  });

  test('a deleted group stops; stopAll stops what runs and starts nothing after', async () => {
    const { events, supervisor } = recorder();
    supervisor.sync([group('Running', '192.168.1.4')]);
    supervisor.sync([]);
    await supervisor.settled();
    assert.deepEqual(events, ['start app-1 192.168.1.4', 'stop app-1 192.168.1.4']);
    supervisor.sync([group('Running', '192.168.1.5')]);
    await supervisor.settled();
    await supervisor.stopAll();
    supervisor.sync([group('Running', '192.168.1.6')]);
    await supervisor.settled();
    assert.deepEqual(events.slice(2), ['start app-1 192.168.1.5', 'stop app-1 192.168.1.5']);
    assert.deepEqual(supervisor.statuses(), []);
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InstanceLocks } from '../../../local/host/durable/instance-lock.js';
import {
  durableUrl,
  startFixtureHost,
  startOrchestration,
  tempDir,
  waitFor,
  waitForStatus,
} from './helpers.js';

describe('one runner per durable instance', () => {
  test('a second host on the same state dir neither resumes nor drives an instance the first one runs', async () => {
    const a = await startFixtureHost();
    const id = await startOrchestration(a.url, 'approval', { timeoutMs: 60_000 }, 'locked-1');
    await waitForStatus(a.url, id, ['Running']);
    const b = await startFixtureHost({ stateDir: a.stateDir });
    try {
      assert.ok(
        b.lines.some((l) =>
          l.includes('Durable instance locked-1 not resumed: held by another host'),
        ),
      );
      const raise = await fetch(durableUrl(b.url, `instances/${id}/raiseEvent/approve`), {
        method: 'POST',
        body: '"b"',
      });
      assert.equal(raise.status, 409);
      await assert.rejects(
        () => startOrchestration(b.url, 'approval', { timeoutMs: 1 }, id),
        /409/,
      );

      await a.host.stop();
      const taken = await fetch(durableUrl(b.url, `instances/${id}/raiseEvent/approve`), {
        method: 'POST',
        body: '"b"',
      });
      assert.equal(taken.status, 202, 'the lock of a stopped host is taken over');
      const done = await waitForStatus(b.url, id, ['Completed']);
      assert.deepEqual(done.output, { approvedBy: 'b' });
    } finally {
      await b.host.stop();
    }
  });

  test('a lock left by a process that no longer exists is taken over', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const path = join(tempDir('lock'), 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: dead, owner: 'gone' }));
    const locks = new InstanceLocks();
    assert.deepEqual(locks.acquire(path), { ok: true });
    const other = new InstanceLocks();
    assert.equal(other.acquire(path).ok, false);
    locks.releaseAll();
    assert.equal(other.acquire(path).ok, true);
    other.releaseAll();
  });

  test('waitFor gives up with the name of what it waited for', async () => {
    await assert.rejects(
      () => waitFor(() => undefined, 'nothing', 30),
      /Timed out waiting for nothing/,
    );
  });
});

// Kills a host process with SIGKILL in the middle of an orchestration, starts a new one on the
// same state dir, and checks that the instance resumes without re-running recorded activities.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HistoryStore } from '../../../local/host/durable/history-store.js';
import { EventType } from '../../../local/host/durable/history-events.js';
import { readRecords } from '../../fixtures/host-app/record.js';
import { startOrchestration, tempDir, waitFor, waitForStatus } from './helpers.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./host-child.ts', import.meta.url));
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

async function spawnHost(
  stateDir: string,
  recordDir: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, stateDir, recordDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await waitFor(
    () => /READY (\S+)/.exec(output)?.[1],
    `the host process to start (output: ${output})`,
    20_000,
  );
  return { child, url };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('crash safety of the local host', () => {
  test('an instance killed mid-orchestration resumes in a new process without re-running recorded activities', async () => {
    const stateDir = tempDir('crash-state');
    const recordDir = tempDir('crash-records');
    const first = await spawnHost(stateDir, recordDir);
    await startOrchestration(first.url, 'sequence', { count: 6, delayMs: 150 }, 'crash-1');
    await waitFor(
      () => (readRecords(recordDir, 'steps').length >= 3 ? true : undefined),
      'three steps to start',
    );

    const store = new HistoryStore(stateDir);
    const lock = JSON.parse(readFileSync(`${store.file('crash-1')}.lock`, 'utf8')) as {
      pid: number;
    };
    assert.equal(lock.pid, first.child.pid, 'the running host holds the instance lock');
    await kill(first.child);

    const recorded = new Set(
      (store.records('crash-1') ?? []).flatMap((r) =>
        r.k === 'msg' && r.event.EventType === EventType.TaskCompleted
          ? [r.event.TaskScheduledId as number]
          : [],
      ),
    );
    assert.ok(recorded.size >= 2, 'completions reached the disk before the kill');

    const second = await spawnHost(stateDir, recordDir);
    const status = await waitForStatus(second.url, 'crash-1', ['Completed', 'Failed']);
    assert.deepEqual(status.output, [0, 10, 20, 30, 40, 50]);

    const runs = readRecords(recordDir, 'steps') as number[];
    for (let i = 0; i < 6; i += 1) {
      const count = runs.filter((r) => r === i).length;
      if (recorded.has(i))
        assert.equal(count, 1, `step ${i} completed before the kill and ran again`);
      else assert.ok(count >= 1, `step ${i} never ran`);
    }
    assert.equal(
      existsSync(`${store.file('crash-1')}.lock`),
      false,
      'the lock is released when the instance finishes',
    );
    await kill(second.child);
  });
});

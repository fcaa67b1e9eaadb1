// A deployment stage may wait 15 minutes for any one thing and an hour in all: a rolling change
// waits for one group after another, each within minutes; a group stuck in a crash loop still
// fails the stage.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stageWait, type StageWait } from '../../../src/provisioning/stage-wait.js';
import { NOT_READY_WAIT, STAGE_WAIT_LIMIT } from '../../../src/retry-policies.js';

const MIN = 60_000;

/** Answers `messages` one after another, `every` apart from the stage's start; the verdicts. */
function replay(messages: readonly string[], every: number) {
  let wait: StageWait = { startedAt: 0, since: 0 };
  const verdicts = [];
  for (const [i, message] of messages.entries()) {
    const verdict = stageWait(wait, message, i * every, (i + 1) * every);
    verdicts.push(verdict.kind === 'wait' ? 'wait' : `give-up ${verdict.limit.deadlineMs / MIN}`);
    if (verdict.kind === 'give-up') break;
    wait = verdict.wait;
  }
  return verdicts;
}

describe('how long a deployment stage waits', () => {
  test('gives up on the same thing after fifteen minutes', () => {
    assert.equal(NOT_READY_WAIT.deadlineMs, 15 * MIN);
    const verdicts = replay(Array(20).fill('waiting for app-1 to run'), MIN);
    // Fifteen waits of a minute, and the sixteenth would end past the fifteen minutes.
    assert.deepEqual(verdicts, [...Array<string>(15).fill('wait'), 'give-up 15']);
  });

  test('counts again when what it waits for changes: a roll of groups goes past fifteen minutes', () => {
    const roll = ['app-1', 'app-2', 'app-3', 'app-4'].flatMap((g) =>
      Array<string>(5).fill(`waiting for ${g} to be Healthy`),
    );
    assert.deepEqual(replay(roll, MIN), Array<string>(20).fill('wait'));
  });

  test('gives up after an hour in all, however often what it waits for changes', () => {
    assert.equal(STAGE_WAIT_LIMIT.deadlineMs, 60 * MIN);
    const changing = Array.from({ length: 100 }, (_, i) => `waiting for step ${i}`);
    const verdicts = replay(changing, MIN);
    assert.deepEqual(verdicts, [...Array<string>(60).fill('wait'), 'give-up 60']);
  });
});

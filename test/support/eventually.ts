// Waiting for the system under test without sleeping a fixed time: poll a condition until it holds.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` every 25 ms until it returns true; fails after `deadlineMs` (default 60 s, far
 * beyond what a passing run needs, so a slow machine never fails a test that would pass).
 */
export async function until(
  check: () => Promise<boolean>,
  { deadlineMs = 60_000, what = 'the condition' } = {},
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(25);
  }
  assert.fail(`${what} never held within ${deadlineMs / 1000} s`);
}

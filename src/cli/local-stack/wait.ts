// Bounded polling until a child of the local stack is ready, failing with what it last saw.
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './errors.js';

export interface PollOptions {
  /** What is awaited, for the error: "the emulator at https://127.0.0.1:1234". */
  readonly what: string;
  readonly attempts: number;
  readonly intervalMs: number;
  /** Where to look when it never becomes ready. */
  readonly logFile?: string;
  /** Says why waiting is pointless (the child reported a fatal error but kept running). */
  readonly failed?: () => string | undefined;
}

/** Polls `ready` until it answers true, a bounded number of times; throws what it last saw. */
export async function pollUntil(
  ready: () => Promise<boolean>,
  options: PollOptions,
): Promise<void> {
  let last = 'it never answered';
  for (let attempt = 0; attempt < options.attempts; attempt += 1) {
    const failure = options.failed?.();
    if (failure) throw new StackError(`${options.what} failed to start: ${failure}`);
    try {
      if (await ready()) return;
      last = 'it answered, but not ready yet';
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(options.intervalMs);
  }
  const seconds = Math.round((options.attempts * options.intervalMs) / 1000);
  const log = options.logFile ? `; see ${options.logFile}` : '';
  throw new StackError(`${options.what} was not ready after ${seconds} s (${last})${log}`);
}

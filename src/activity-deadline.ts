// One activity run's deadline, shared by every wait on Azure in it (src/retry-policies.ts, layer 0).
import { AppError } from './errors.js';

/**
 * When the activity run that owns it must stop waiting on Azure. Time comes from `now`, so a test
 * can move it; the abort signal that cuts a long-running operation's polling uses real time.
 */
export interface ActivityDeadline {
  /** Milliseconds since the epoch, on `now`'s clock. */
  readonly at: number;
  /** The whole budget, for messages. */
  readonly budgetMs: number;
  readonly now: () => number;
}

export function deadlineAfter(budgetMs: number, now: () => number = Date.now): ActivityDeadline {
  return { at: now() + budgetMs, budgetMs, now };
}

export function remainingMs(deadline: ActivityDeadline): number {
  return Math.max(0, deadline.at - deadline.now());
}

/**
 * Not a failure: the activity's budget is spent while Azure still works on something (or before
 * it could start the next request). The activity boundary (`runActivity`) turns it into a "not
 * ready" answer, so the orchestrator checks again after a Durable timer; every activity is a
 * desired-state pass, so the next run reads where the operation got to and carries on from there.
 */
export class StillRunning extends AppError {
  constructor(message: string) {
    super('transient', 'OperationStillRunning', message);
    this.name = 'StillRunning';
  }
}

function minutes(ms: number): string {
  const value = ms / 60_000;
  return value >= 1 ? `${Math.round(value)} minutes` : `${Math.round(ms / 1000)} s`;
}

/** Throws StillRunning when the budget is spent, before `what` (`PUT containerGroups/x`) is sent. */
export function requireTimeFor(deadline: ActivityDeadline | undefined, what: string): void {
  if (!deadline || remainingMs(deadline) > 0) return;
  throw new StillRunning(
    `${what} not sent: this activity used its budget of ${minutes(deadline.budgetMs)}; the next run continues from here`,
  );
}

/** The StillRunning for an operation whose polling the deadline cut short. */
export function stillRunning(
  deadline: ActivityDeadline,
  what: string,
  state: string,
  statusUrl: string | undefined,
): StillRunning {
  const where = statusUrl ? ` (status: ${statusUrl.split('?')[0]})` : '';
  return new StillRunning(
    `${what} is still ${state} after this activity waited its budget of ${minutes(deadline.budgetMs)}${where}; the next run reads where it got to`,
  );
}

/**
 * A signal that aborts when the deadline passes (real time), for the Azure SDK's polling and
 * delays; `clear` stops its timer once the wait is over, so that it keeps no process alive.
 */
export function abortAtDeadline(deadline: ActivityDeadline | undefined): {
  signal: AbortSignal | undefined;
  clear: () => void;
} {
  if (!deadline) return { signal: undefined, clear: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('the activity budget is spent', 'TimeoutError')),
    Math.max(1, remainingMs(deadline)),
  );
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * A sleep that refuses to end past the deadline: it throws StillRunning at once instead of
 * sleeping beyond the budget (DNS propagation polls and ACR run polls use it).
 */
export function boundedSleep(
  sleep: (ms: number) => Promise<void>,
  deadline: ActivityDeadline | undefined,
): (ms: number) => Promise<void> {
  if (!deadline) return sleep;
  return async (ms) => {
    if (remainingMs(deadline) < ms) {
      throw new StillRunning(
        `waiting ${Math.round(ms / 1000)} s more would pass this activity's budget of ${minutes(deadline.budgetMs)}; the next run checks again`,
      );
    }
    await sleep(ms);
  };
}

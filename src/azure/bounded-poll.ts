// Waits for an Azure SDK long-running operation, but never past the activity's deadline.
import { abortAtDeadline, stillRunning, type ActivityDeadline } from '../activity-deadline.js';

/** The part of an SDK poller (`@azure/core-lro` SimplePollerLike) used here. */
export interface PollerLike<T> {
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
  getOperationState(): { status: string };
}

/**
 * The operation's result once it is done; when the deadline passes first, stops polling (the
 * operation goes on in Azure) and throws StillRunning naming what runs, its state and the
 * operation's status URL. Without a deadline, polls until done.
 */
export async function untilDone<T>(
  what: string,
  poller: PollerLike<T>,
  deadline: ActivityDeadline | undefined,
): Promise<T> {
  const abort = abortAtDeadline(deadline);
  try {
    return await poller.pollUntilDone({ abortSignal: abort.signal });
  } catch (error) {
    if (!deadline || !isAbort(error)) throw error;
    const state = poller.getOperationState() as {
      status: string;
      config?: { operationLocation?: string };
    };
    throw stillRunning(deadline, what, state.status, state.config?.operationLocation);
  } finally {
    abort.clear();
  }
}

/** What a poll rejects with when its abort signal fires (core-util `delay`, core-rest-pipeline). */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

import { classifyFailure } from '../../../src/errors.js';

export interface ForbiddenRetry {
  /** Delays before each further attempt; their count is the number of retries. */
  delaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

/**
 * A role assignment made just before the group starts can take minutes to reach the data plane
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected),
 * so 403s are retried a few times before init gives up. Transient failures are already retried by
 * the connection's policy; everything else fails at once.
 */
export async function retryForbidden<T>(
  what: string,
  action: () => Promise<T>,
  retry: ForbiddenRetry,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      const delay = retry.delaysMs[attempt];
      if (classifyFailure(error).kind !== 'forbidden' || delay === undefined) throw error;
      retry.log(
        `init: ${what} is forbidden (role assignment not effective yet?); retrying in ${delay / 1000} s`,
      );
      await retry.sleep(delay);
    }
  }
}

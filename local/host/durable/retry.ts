// Delay before the next attempt of callActivityWithRetry, computed as DTFx's RetryInterceptor
// does: first * coefficient^(failedAttempts - 1), capped at maxRetryIntervalInMilliseconds. Past
// retryTimeoutInMilliseconds (measured from the first attempt) the delay is zero and the host stops
// running attempts.
// https://github.com/Azure/durabletask/blob/main/src/DurableTask.Core/RetryInterceptor.cs
import type { RetryOptionsShape } from './internals.js';

export interface RetryDecision {
  readonly delayMs: number;
  /** False once the retry timeout has passed: later attempts fail without running. */
  readonly keepTrying: boolean;
}

export function retryDelay(
  options: RetryOptionsShape,
  failedAttempts: number,
  elapsedSinceFirstAttemptMs: number,
): RetryDecision {
  const timeout = options.retryTimeoutInMilliseconds;
  if (timeout !== undefined && timeout > 0 && elapsedSinceFirstAttemptMs >= timeout) {
    return { delayMs: 0, keepTrying: false };
  }
  const coefficient = options.backoffCoefficient ?? 1;
  const raw =
    options.firstRetryIntervalInMilliseconds * coefficient ** Math.max(0, failedAttempts - 1);
  const cap = options.maxRetryIntervalInMilliseconds;
  const delayMs = cap !== undefined && cap > 0 ? Math.min(raw, cap) : raw;
  return { delayMs: Math.max(0, Math.round(delayMs)), keepTrying: true };
}

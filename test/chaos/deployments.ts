// Deployments through a host that a chaos schedule may kill at any moment.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeploymentStatus } from '../support/deployments.js';
import type { LocalStack } from '../support/local-stack.js';
import type { Schedule } from './schedule.js';

export const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';

const ENDED = new Set(['Completed', 'Failed', 'Terminated']);

/** Whether a request failed because the host was down (killed, not restarted yet). */
export const hostDown = (error: unknown) =>
  /fetch failed|ECONNRE|socket|terminated/i.test(String(error));

/**
 * POST the spec and wait until the deployment stops running. The host may be killed under either:
 * a POST whose answer was lost is sent again, and a 409 "already being deployed" then means the
 * first one got through; a poll that finds the host down polls again.
 */
export async function deployOrCrashed(
  stack: LocalStack,
  s: Schedule,
  spec: Record<string, unknown>,
): Promise<DeploymentStatus> {
  const deadline = Date.now() + 120_000;
  const answer = await throughCrashes(() => stack.api('POST', '/api/environments', spec));
  if (answer.status !== 202 && answer.status !== 409)
    throw new Error(
      `POST /api/environments answered ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  for (;;) {
    const answer = await stack
      .api('GET', `/api/environments/${s.environment}`)
      .catch((error: unknown) => {
        if (!hostDown(error)) throw error;
        return undefined;
      });
    const status = answer?.body as unknown as DeploymentStatus | undefined;
    // Only an ended deployment answers: a 404 (not known yet) or a host coming back polls again.
    if (status && ENDED.has(status.runtimeStatus)) return status;
    if (Date.now() > deadline)
      throw new Error(
        `the deployment of ${s.environment} did not finish within 120 s: ${JSON.stringify(status)}`,
      );
    await sleep(25);
  }
}

/**
 * `call`, sent again while the host is down (killed by a schedule and not back yet), for as long
 * as the stack keeps starting it again (three tries of 60 s, test/support/host-process.ts): with
 * 30 s, a host slow to come back on a loaded machine failed seed 488 of a 1,000 run ("fetch
 * failed"), which passed alone.
 */
export async function throughCrashes<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!hostDown(error) || Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

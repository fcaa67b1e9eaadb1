/**
 * What the Event Grid trigger does with one delivered event: read it, and ask for a reconcile of
 * the environment it concerns. It returns normally for every event it cannot use, malformed ones
 * included, because a thrown error makes Event Grid deliver the same event again, for up to
 * 24 hours and 30 attempts by default (https://learn.microsoft.com/azure/event-grid/delivery-and-retry).
 * It throws only when asking for the reconcile fails (the Durable store), which a retry can mend.
 * Log lines carry the event's id, type and the reason, never the payload.
 */

import type { DurableClient } from 'durable-functions';
import { eventLabel } from './events-envelope.js';
import { outsideEnvironment } from './events-scope.js';
import { readEvent } from './events.js';
import { requestReconcile } from './request-reconcile.js';

export interface EventTriggerDeps {
  readonly client: Pick<DurableClient, 'getStatus' | 'startNew' | 'raiseEvent'>;
  readonly log: (line: string) => void;
  readonly coalesceSeconds: number;
}

export async function handleContainerGroupEvent(
  event: unknown,
  deps: EventTriggerDeps,
): Promise<void> {
  const label = eventLabel(event);
  const reading = readEvent(event);
  if (reading.kind === 'malformed') {
    deps.log(`${label} dropped, malformed: ${reading.reason}`);
    return;
  }
  if (reading.kind === 'ignored') {
    deps.log(`${label} ignored: ${reading.reason}`);
    return;
  }
  const { change } = reading;
  const request = await requestReconcile(
    deps.client,
    change.environment,
    `${change.operation} on ${change.containerGroupId.split('/').at(-1)}`,
    deps.coalesceSeconds,
    (spec) => outsideEnvironment(change, spec),
  );
  const outcome = request.outcome === 'skipped' ? `skipped: ${request.reason}` : request.outcome;
  deps.log(`${label} for ${change.environment}: reconcile ${outcome}`);
}

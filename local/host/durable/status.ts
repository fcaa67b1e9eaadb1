// The instance status document of the Durable Functions HTTP API ("Get instance status"), and
// the HTTP status code that goes with each runtime status.
// https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-http-api#get-instance-status
import type { HistoryEvent } from './history-events.js';
import { eventTypeName } from './history-events.js';
import type { InstanceSnapshot, RuntimeStatus } from './history-store.js';

export interface StatusOptions {
  readonly showInput: boolean;
  readonly showHistory: boolean;
  readonly showHistoryOutput: boolean;
}

export function statusDocument(
  s: InstanceSnapshot,
  options: StatusOptions,
): Record<string, unknown> {
  return {
    name: s.name,
    instanceId: s.instanceId,
    runtimeStatus: s.status,
    input: options.showInput ? parseOrText(s.input) : null,
    customStatus: s.customStatus ?? null,
    output: s.output ?? null,
    createdTime: apiTime(s.createdTime),
    lastUpdatedTime: apiTime(s.lastUpdatedTime),
    ...(options.showHistory
      ? { historyEvents: s.history.map((e) => historyEntry(e, options.showHistoryOutput)) }
      : {}),
  };
}

/** 200 completed, 202 still running, 400 failed or terminated (the API's contract). */
export function statusCode(status: RuntimeStatus): number {
  if (status === 'Completed') return 200;
  if (status === 'Failed' || status === 'Terminated') return 400;
  return 202;
}

function historyEntry(e: HistoryEvent, withOutput: boolean): Record<string, unknown> {
  const { EventType, IsPlayed: _played, Result, ...rest } = e;
  return {
    ...rest,
    EventType: eventTypeName[EventType] ?? String(EventType),
    ...(withOutput && Result !== undefined ? { Result } : {}),
  };
}

function apiTime(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

/** Inputs are stored as JSON text; anything else is shown as the text it is. */
function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

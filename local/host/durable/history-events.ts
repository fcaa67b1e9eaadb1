// Durable Task history events in the JSON shape the Functions host hands the Node worker
// (PascalCase, numeric EventType from durable-functions' history/HistoryEventType.js).
// Scheduling events carry the task's sequence number as EventId; completions point back to it.

export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
} as const;

export const eventTypeName: Record<number, string> = Object.fromEntries(
  Object.entries(EventType).map(([name, value]) => [value, name]),
);

export interface HistoryEvent {
  readonly EventType: number;
  readonly EventId: number;
  readonly Timestamp: string;
  IsPlayed?: boolean;
  readonly [field: string]: unknown;
}

function event(
  type: number,
  at: Date,
  fields: Record<string, unknown> = {},
  eventId = -1,
): HistoryEvent {
  return {
    EventType: type,
    EventId: eventId,
    IsPlayed: false,
    Timestamp: at.toISOString(),
    ...fields,
  };
}

/** A string field of an event, or `fallback` when it is missing or not a string. */
export function textField(e: HistoryEvent | undefined, field: string, fallback: string): string {
  const value = e?.[field];
  return typeof value === 'string' ? value : fallback;
}

/** JSON text of a value as durable inputs and results are stored; `undefined` becomes null. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export const historyEvent = {
  executionStarted: (
    at: Date,
    f: { name: string; input: string; instanceId: string; executionId: string },
  ) =>
    event(EventType.ExecutionStarted, at, {
      Name: f.name,
      Input: f.input,
      OrchestrationInstance: { InstanceId: f.instanceId, ExecutionId: f.executionId },
    }),
  executionCompleted: (at: Date, status: 'Completed' | 'Failed', result: string) =>
    event(EventType.ExecutionCompleted, at, { OrchestrationStatus: status, Result: result }),
  executionTerminated: (at: Date, reason: string) =>
    event(EventType.ExecutionTerminated, at, { Input: reason }),
  orchestratorStarted: (at: Date) => event(EventType.OrchestratorStarted, at),
  orchestratorCompleted: (at: Date) => event(EventType.OrchestratorCompleted, at),
  taskScheduled: (at: Date, id: number, name: string, input: string) =>
    event(EventType.TaskScheduled, at, { Name: name, Input: input }, id),
  taskCompleted: (at: Date, id: number, result: string) =>
    event(EventType.TaskCompleted, at, { TaskScheduledId: id, Result: result }),
  taskFailed: (at: Date, id: number, reason: string, details: string) =>
    event(EventType.TaskFailed, at, { TaskScheduledId: id, Reason: reason, Details: details }),
  timerCreated: (at: Date, id: number, fireAt: Date) =>
    event(EventType.TimerCreated, at, { FireAt: fireAt.toISOString() }, id),
  timerFired: (at: Date, timerId: number, fireAt: string) =>
    event(EventType.TimerFired, at, { TimerId: timerId, FireAt: fireAt }),
  eventRaised: (at: Date, name: string, input: string) =>
    event(EventType.EventRaised, at, { Name: name, Input: input }),
};

/** Events that reserve a sequence number: the ones a recorded task id must match. */
export function isSchedulingEvent(e: HistoryEvent): boolean {
  return e.EventType === EventType.TaskScheduled || e.EventType === EventType.TimerCreated;
}

/** The scheduling EventId a completion refers to, or undefined for other events. */
export function completedId(e: HistoryEvent): number | undefined {
  switch (e.EventType) {
    case EventType.TaskCompleted:
    case EventType.TaskFailed:
      return e.TaskScheduledId as number;
    case EventType.TimerFired:
      return e.TimerId as number;
    default:
      return undefined;
  }
}

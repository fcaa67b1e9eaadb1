// What every log line and span of a workflow carries, so one deployment's lines can be found
// among all the app's lines (README "Telemetry").
import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a log line comes from; each field is absent when the line has no such context. */
export interface LogScope {
  /** The environment's name, as its spec gives it. */
  readonly environment?: string;
  /** The deployment stage, or the activity (`reconcile`, `renew-certificate`, `notify`). */
  readonly stage?: string;
  /** The Durable orchestration instance the line belongs to. */
  readonly instanceId?: string;
}

/** Where log lines go: the app's one sink (composition.ts), or a test's collector. */
export type LogSink = (line: string, scope?: LogScope) => void;

export type LogLevel = 'info' | 'warning' | 'error';

/** One structured log record, as the console prints it and Application Insights stores it. */
export interface LogRecord extends LogScope {
  readonly time: string;
  readonly level: LogLevel;
  readonly message: string;
}

export function logRecord(
  message: string,
  scope: LogScope | undefined,
  time: Date,
  level: LogLevel = 'info',
): LogRecord {
  return {
    time: time.toISOString(),
    level,
    message,
    ...(scope?.environment === undefined ? {} : { environment: scope.environment }),
    ...(scope?.stage === undefined ? {} : { stage: scope.stage }),
    ...(scope?.instanceId === undefined ? {} : { instanceId: scope.instanceId }),
  };
}

/** A sink that adds `scope` to every line it passes on; the line's own scope wins. */
export function scopedSink(sink: LogSink, scope: LogScope): LogSink {
  return (line, own) => sink(line, { ...scope, ...own });
}

const running = new AsyncLocalStorage<LogScope>();

/**
 * Runs `work` with `scope` as the scope of every line logged within it, however deep: the HTTP
 * pipeline's retry lines of an activity name its environment, stage and instance too.
 */
export function withLogScope<T>(scope: LogScope, work: () => T): T {
  return running.run({ ...running.getStore(), ...scope }, work);
}

/** The scope of the work running now; empty outside withLogScope. */
export function currentLogScope(): LogScope {
  return running.getStore() ?? {};
}

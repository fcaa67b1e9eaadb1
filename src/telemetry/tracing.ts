// Spans of the app's own work, through the OpenTelemetry API only: which provider records them
// (Azure Monitor, the console, or none in a test) is chosen once by export.ts.
import {
  context,
  isSpanContextValid,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
} from '@opentelemetry/api';
import type { LogScope } from './log-scope.js';
import { formatTraceParent, parseTraceParent } from './trace-parent.js';

export const TRACER_NAME = 'aci-vnet-sidecars';

/** How a span's work ended: its `outcome` attribute, and an error status when it failed. */
export interface SpanOutcome {
  readonly outcome: string;
  readonly error?: string;
}

export function scopeAttributes(scope: LogScope): Attributes {
  const attributes: Attributes = {};
  if (scope.environment !== undefined) attributes.environment = scope.environment;
  if (scope.stage !== undefined) attributes.stage = scope.stage;
  if (scope.instanceId !== undefined) attributes.instanceId = scope.instanceId;
  return attributes;
}

/** The context a span starts in: under `traceParent` when it names one, else the active one. */
function parentContext(traceParent: string | undefined): Context {
  const parent = parseTraceParent(traceParent);
  if (!parent) return context.active();
  return trace.setSpanContext(context.active(), {
    traceId: parent.traceId,
    spanId: parent.spanId,
    traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

/**
 * Runs `work` in a span named `name` under `traceParent`, with the scope's fields as attributes;
 * `outcomeOf` names how a result ended (a stage can answer "not ready" or fail as a value).
 * Anything `work` throws ends the span with an error status and is thrown on.
 */
export async function inSpan<T>(
  name: string,
  scope: LogScope,
  traceParent: string | undefined,
  work: () => Promise<T>,
  outcomeOf: (result: T) => SpanOutcome,
): Promise<T> {
  const parent = parentContext(traceParent);
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { attributes: scopeAttributes(scope) }, parent);
  try {
    const result = await context.with(trace.setSpan(parent, span), work);
    const ended = outcomeOf(result);
    span.setAttribute('outcome', ended.outcome);
    if (ended.error !== undefined)
      span.setStatus({ code: SpanStatusCode.ERROR, message: ended.error });
    return result;
  } catch (error) {
    span.setAttribute('outcome', 'thrown');
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Records a span that starts and ends now, and answers its `traceparent`, for work that goes on
 * elsewhere under it (a deployment's stages run under the span of the request that started it).
 * Undefined when no provider records spans.
 */
export function markSpan(
  name: string,
  scope: LogScope,
  traceParent: string | undefined,
): string | undefined {
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(name, { attributes: scopeAttributes(scope) }, parentContext(traceParent));
  span.end();
  const made = span.spanContext();
  if (!isSpanContextValid(made)) return undefined;
  return formatTraceParent({
    traceId: made.traceId,
    spanId: made.spanId,
    sampled: (made.traceFlags & TraceFlags.SAMPLED) !== 0,
  });
}

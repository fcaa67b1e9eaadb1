// The local exporter: one JSON line per ended span on the console, in the same stream as the
// log lines, so `npm start`'s host log shows each deployment's stages with their trace ids.
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SpanStatusCode } from '@opentelemetry/api';

/** What the console prints for one span. */
export function spanLine(span: ReadableSpan): Record<string, unknown> {
  const context = span.spanContext();
  const start = hrTimeToMilliseconds(span.startTime);
  return {
    time: new Date(start).toISOString(),
    span: span.name,
    traceId: context.traceId,
    spanId: context.spanId,
    ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    durationMs: Math.round(hrTimeToMilliseconds(span.duration)),
    status: span.status.code === SpanStatusCode.ERROR ? 'error' : 'ok',
    ...(span.status.message ? { error: span.status.message } : {}),
    ...span.attributes,
  };
}

export class ConsoleSpanLines implements SpanExporter {
  constructor(private readonly write: (line: string) => void) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) this.write(JSON.stringify(spanLine(span)));
    done({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

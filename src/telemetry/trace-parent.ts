// W3C Trace Context `traceparent` values, the form a trace crosses Durable's boundary in: the
// HTTP starter puts its span's into the orchestration input, every activity parents its span on it.
// https://www.w3.org/TR/trace-context/#traceparent-header

export interface TraceParent {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  readonly spanId: string;
  readonly sampled: boolean;
}

const TRACE_PARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The parent a `traceparent` value names, or undefined when it is not a version-00 value. */
export function parseTraceParent(value: string | undefined): TraceParent | undefined {
  const match = value === undefined ? null : TRACE_PARENT.exec(value.trim());
  if (!match) return undefined;
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceParent(parent: TraceParent): string {
  return `00-${parent.traceId}-${parent.spanId}-${parent.sampled ? '01' : '00'}`;
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatTraceParent, parseTraceParent } from '../../../src/telemetry/trace-parent.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('traceparent values', () => {
  test('names the trace, the parent span and whether it is sampled', () => {
    assert.deepEqual(parseTraceParent(`00-${TRACE}-${SPAN}-01`), {
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
    });
    assert.equal(parseTraceParent(`00-${TRACE}-${SPAN}-00`)?.sampled, false);
    assert.equal(parseTraceParent(`00-${TRACE}-${SPAN}-03`)?.sampled, true);
  });

  test('round-trips through formatTraceParent', () => {
    for (const value of [`00-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-00`]) {
      assert.equal(formatTraceParent(parseTraceParent(value)!), value);
    }
  });

  test('refuses what is not a version-00 value with valid ids', () => {
    for (const value of [
      undefined,
      '',
      `01-${TRACE}-${SPAN}-01`,
      `00-${TRACE.toUpperCase()}-${SPAN}-01`,
      `00-${'0'.repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE.slice(1)}-${SPAN}-01`,
      `00-${TRACE}-${SPAN}-1`,
      `00-${TRACE}-${SPAN}-01-extra`,
    ]) {
      assert.equal(parseTraceParent(value), undefined, String(value));
    }
  });
});

// Spans of activity runs, recorded by a provider registered for this test file alone (each test
// file runs in its own process).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { spanLine } from '../../../src/telemetry/console-spans.js';
import { parseTraceParent } from '../../../src/telemetry/trace-parent.js';
import { inSpan, markSpan } from '../../../src/telemetry/tracing.js';
import {
  defineActivity,
  notReady,
  openEnvelope,
  runActivity,
} from '../../../src/workflows/activity.js';
import type { AppServices } from '../../../src/services.js';
import { AppError } from '../../../src/errors.js';

const exporter = new InMemorySpanExporter();
const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const scope = { environment: 'contoso-prod', instanceId: 'environment-contoso-prod' };

function finished(name: string): ReadableSpan {
  const span = exporter.getFinishedSpans().find((s) => s.name === name);
  assert.ok(span, `no span ${name}`);
  return span;
}

const services = (): AppServices =>
  ({
    settings: { pollIntervalMs: 10 },
    now: () => new Date(),
    sleep: () => Promise.resolve(),
    log: () => undefined,
  }) as unknown as AppServices;

describe('spans', () => {
  before(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
  });

  test('the span of a request answers a traceparent its children continue', async () => {
    const started = markSpan('deploy contoso-prod', scope, PARENT);
    const parsed = parseTraceParent(started);
    assert.ok(parsed?.sampled);
    const root = finished('deploy contoso-prod');
    assert.equal(root.spanContext().traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(root.parentSpanContext?.spanId, '00f067aa0ba902b7');
    await inSpan(
      'stage network',
      { ...scope, stage: 'network' },
      started,
      () => Promise.resolve(1),
      () => ({
        outcome: 'done',
      }),
    );
    const child = finished('stage network');
    assert.equal(child.spanContext().traceId, parsed.traceId);
    assert.equal(child.parentSpanContext?.spanId, parsed.spanId);
    assert.deepEqual(child.attributes, {
      environment: 'contoso-prod',
      instanceId: 'environment-contoso-prod',
      stage: 'network',
      outcome: 'done',
    });
    assert.equal(child.status.code, SpanStatusCode.UNSET);
  });

  test('an activity run is a span named by its stage, with its outcome and error', async () => {
    exporter.reset();
    const outcomes = [
      () => Promise.resolve(notReady('the gateway is Updating')),
      () => Promise.reject(new AppError('validation', 'InvalidSpec', 'spec.instances is 0')),
      () => Promise.resolve({ written: 1 }),
    ];
    for (const run of outcomes) {
      const activity = defineActivity<{ n: number }, unknown>({
        name: 'stage-gateway',
        stage: 'gateway',
        retry: {
          firstRetryIntervalMs: 1,
          maxNumberOfAttempts: 1,
          backoffCoefficient: 1,
          maxRetryIntervalMs: 1,
        },
        run,
      });
      await runActivity(activity, services, {
        input: { n: 1 },
        scope: { ...scope, traceParent: PARENT },
      });
    }
    const spans = exporter.getFinishedSpans();
    assert.deepEqual(
      spans.map((s) => [s.name, s.attributes.outcome, s.status.code]),
      [
        ['stage gateway', 'not-ready', SpanStatusCode.UNSET],
        ['stage gateway', 'failed', SpanStatusCode.ERROR],
        ['stage gateway', 'done', SpanStatusCode.UNSET],
      ],
    );
    assert.match(spans[1]?.status.message ?? '', /InvalidSpec.*spec\.instances is 0/);
    assert.ok(spans.every((s) => s.parentSpanContext?.spanId === '00f067aa0ba902b7'));
    const line = spanLine(spans[1]!);
    assert.equal(line.span, 'stage gateway');
    assert.equal(line.status, 'error');
    assert.equal(line.parentSpanId, '00f067aa0ba902b7');
    assert.equal(line.environment, 'contoso-prod');
    assert.equal(typeof line.durationMs, 'number');
  });

  test('a throw ends the span with an error and is thrown on', async () => {
    exporter.reset();
    await assert.rejects(
      inSpan(
        'notify',
        scope,
        undefined,
        () => Promise.reject(new Error('boom')),
        () => ({
          outcome: 'done',
        }),
      ),
      /boom/,
    );
    const span = finished('notify');
    assert.equal(span.attributes.outcome, 'thrown');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
  });
});

describe('activity inputs', () => {
  test('an envelope is opened; an input of another shape is taken as it is', () => {
    const envelope = { input: { spec: 1 }, scope: { environment: 'e' } };
    assert.deepEqual(openEnvelope(envelope), envelope);
    const bares: unknown[] = [null, 3, { spec: 1 }, { input: 1 }, { input: 1, scope: {}, more: 2 }];
    for (const bare of bares) {
      assert.deepEqual(openEnvelope(bare), { input: bare, scope: undefined });
    }
  });
});

// What an operator finds in the app's output after a deployment, as the local host prints it (in
// Azure the same records go to Application Insights): every log line of a stage names the
// environment, the stage and the Durable instance; every stage run is a span of one trace, under
// the span of the request that started the deployment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { instanceIdOf } from '../../src/environments/instances.js';
import { STAGE_TABLE } from '../../src/provisioning/stage-table.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '00000000-0000-0000-0000-000000000000';
const spec = withImportedImages(exampleInput('minimal'));
const environment = String(spec.name);

/** Every line of the host's output that is one JSON object. */
function records(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('telemetry of a deployment on the local stack', { skip }, () => {
  let stack: LocalStack;
  let output: Record<string, unknown>[];

  before(async () => {
    stack = await startLocalStack({
      publicZones: [
        { subscriptionId: SUB, resourceGroup: 'rg-contoso-dev', zone: 'contoso.example' },
      ],
      hostProcess: true,
    });
    const started = await stack.api('POST', '/api/environments', spec);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    await until(
      async () => {
        const status = await stack.api('GET', `/api/environments/${environment}`);
        const state = status.body.runtimeStatus;
        return typeof state === 'string' && !['Running', 'Pending'].includes(state);
      },
      { what: 'the deployment to finish' },
    );
    const status = await stack.api('GET', `/api/environments/${environment}`);
    assert.equal(status.body.runtimeStatus, 'Completed', JSON.stringify(status.body));
    output = records(stack.hostOutput());
  });
  after(async () => {
    await stack?.stop();
  });

  test('every log line of a stage names its environment, stage and instance', () => {
    const instanceId = instanceIdOf('deployment', environment);
    const lines = output.filter(
      (r) => typeof r.message === 'string' && r.instanceId === instanceId,
    );
    assert.ok(lines.length > 0, 'no log line of the deployment');
    const stages = new Set(STAGE_TABLE.map((s) => s.name as string));
    for (const line of lines) {
      assert.equal(line.environment, environment, JSON.stringify(line));
      assert.ok(typeof line.time === 'string' && !Number.isNaN(Date.parse(line.time)));
      assert.ok(
        stages.has(String(line.stage)) || line.stage === 'notify',
        `a line of an unknown stage: ${JSON.stringify(line)}`,
      );
    }
    const logged = new Set(lines.map((l) => String(l.stage)));
    for (const stage of stages) assert.ok(logged.has(stage), `no log line of stage ${stage}`);
  });

  test('every stage is a span of the deployment trace, under the span of the request that started it', () => {
    const instanceId = instanceIdOf('deployment', environment);
    const spans = output.filter((r) => typeof r.span === 'string');
    const roots = spans.filter((s) => s.span === `deploy ${environment}`);
    assert.equal(roots.length, 1, 'one span for the request that started the deployment');
    const root = roots[0]!;
    assert.equal(root.instanceId, instanceId);
    const stageSpans = spans.filter((s) => String(s.span).startsWith('stage '));
    for (const stage of STAGE_TABLE) {
      const runs = stageSpans.filter((s) => s.span === `stage ${stage.name}`);
      assert.ok(runs.length > 0, `no span of stage ${stage.name}`);
      assert.equal(runs.at(-1)!.outcome, 'done', `the last run of ${stage.name} did not finish`);
    }
    for (const span of [...stageSpans, ...spans.filter((s) => s.span === 'notify')]) {
      assert.equal(span.traceId, root.traceId, `${String(span.span)} is in another trace`);
      assert.equal(span.parentSpanId, root.spanId, `${String(span.span)} has another parent`);
      assert.equal(span.environment, environment);
      assert.equal(span.instanceId, instanceId);
      assert.ok(typeof span.durationMs === 'number' && span.durationMs >= 0);
    }
    assert.ok(
      spans.some((s) => s.span === 'notify' && s.traceId === root.traceId),
      'the announcement of the outcome is in the trace too',
    );
  });
});

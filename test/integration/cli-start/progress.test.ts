import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  outcomeLine,
  progressLines,
  warningLines,
  type StageView,
  type StatusView,
} from '../../../src/cli/local-stack/status.js';
import { demoSummary, resourceCounts } from '../../../src/cli/local-stack/summary.js';

function status(runtimeStatus: string, ...stages: StageView[]): StatusView {
  return { environment: 'contoso-prod', runtimeStatus, stages };
}

describe('progress lines of start and demo', () => {
  test('prints a line only when a stage changes state, and none for pending stages', () => {
    const seen = new Map<string, string>();
    const first = status(
      'Running',
      { stage: 'network', state: 'running' },
      { stage: 'gateway', state: 'pending' },
    );
    assert.deepEqual(progressLines(seen, first), ['  network           running']);
    assert.deepEqual(progressLines(seen, first), []);
    const next = status(
      'Running',
      { stage: 'network', state: 'succeeded', summary: '4 created' },
      { stage: 'gateway', state: 'pending' },
    );
    assert.deepEqual(progressLines(seen, next), ['  network           succeeded: 4 created']);
  });

  test("prints one line per warning of the deployment's plan, and none without", () => {
    const warned: StatusView = {
      ...status('Running'),
      warnings: [{ code: 'NatGatewayDisabled', message: 'no NAT gateway' }],
    };
    assert.deepEqual(warningLines(warned), ['  warning: [NatGatewayDisabled] no NAT gateway']);
    assert.deepEqual(warningLines(status('Running')), []);
  });

  test('shows a failed stage with its error code and message', () => {
    const failed: StageView = {
      stage: 'event-grid',
      state: 'failed',
      error: { code: 'Url validation', message: 'Webhook validation handshake failed.' },
    };
    const done = status('Failed', { stage: 'network', state: 'succeeded' }, failed);
    assert.deepEqual(progressLines(new Map([['network', 'succeeded']]), done), [
      '  event-grid        failed: [Url validation] Webhook validation handshake failed.',
    ]);
    assert.equal(
      outcomeLine(done),
      'deployment of contoso-prod failed at stage event-grid: [Url validation] Webhook validation handshake failed.',
    );
  });

  test('says every stage succeeded when the deployment completed', () => {
    const done = status('Completed', { stage: 'network', state: 'succeeded' });
    assert.equal(outcomeLine(done), 'deployed contoso-prod: all 1 stages succeeded');
  });
});

describe('the demo summary', () => {
  test('counts resources by type, resource groups included', () => {
    const counts = resourceCounts({
      resourceGroups: [{}, {}],
      resources: [{ type: 'B/x' }, { type: 'A/y' }, { type: 'B/x' }],
    });
    assert.deepEqual(
      [...counts],
      [
        ['A/y', 1],
        ['B/x', 2],
        ['Microsoft.Resources/resourceGroups', 2],
      ],
    );
  });

  test('shows the certificate, the group IPs and the backend pools from the stage outputs', () => {
    const text = demoSummary(
      status(
        'Completed',
        {
          stage: 'certificate',
          state: 'succeeded',
          outputs: {
            subject: 'CN=a.example',
            issuer: 'CN=Pebble',
            notAfter: '2031-01-01T00:00:00.000Z',
          },
        },
        { stage: 'container-groups', state: 'succeeded', outputs: { 'app-1': '192.168.1.4' } },
        {
          stage: 'gateway-configuration',
          state: 'succeeded',
          outputs: { app: ['192.168.1.4'], dashboard: [] },
        },
      ),
      { resources: [] },
    );
    assert.match(text, /^ {2}subject {2}CN=a\.example$/m);
    assert.match(text, /^ {2}issuer {3}CN=Pebble$/m);
    assert.match(text, /^ {2}expires {2}2031-01-01T00:00:00\.000Z$/m);
    assert.match(text, /^ {2}app-1\s+192\.168\.1\.4$/m);
    assert.match(text, /^ {2}app\s+192\.168\.1\.4$/m);
    assert.match(text, /^ {2}dashboard\s+\(none\)$/m);
  });

  test('shows the pools gateway-configuration wrote, not the empty ones the gateway was created with', () => {
    const text = demoSummary(
      status(
        'Completed',
        { stage: 'gateway', state: 'succeeded', outputs: {} },
        {
          stage: 'gateway-configuration',
          state: 'succeeded',
          outputs: { app: ['192.168.1.4', '192.168.1.5'], dashboard: [] },
        },
      ),
      { resources: [] },
    );
    assert.match(text, /^ {2}app\s+192\.168\.1\.4, 192\.168\.1\.5$/m);
    assert.match(text, /^ {2}dashboard\s+\(none\)$/m);
  });
});

// What each workflow announces, built from what it already records.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deploymentNotification } from '../../../src/provisioning/deploy-notification.js';
import type { DeploymentProgress } from '../../../src/provisioning/types.js';
import { healed, healNotification } from '../../../src/reconcile/heal-notification.js';
import type { ReconcileReport } from '../../../src/reconcile/reconcile.js';
import {
  certificateRenewedNotification,
  renewalFailedNotification,
} from '../../../src/renewal/renewal-notification.js';
import { exampleInput } from '../../support/specs.js';

const AT = '2026-12-01T10:22:05.000Z';

const progress: DeploymentProgress = {
  environment: 'contoso-dev',
  warnings: [{ code: 'NatGatewayDisabled', field: 'network.natGateway.enabled', message: 'x' }],
  stages: {
    'resource-providers': { state: 'succeeded', startedAt: '2026-12-01T10:00:00.000Z' },
    certificate: {
      state: 'succeeded',
      startedAt: '2026-12-01T10:05:00.000Z',
      outputs: { notAfter: '2027-03-01T12:00:00.000Z' },
    },
    verify: {
      state: 'succeeded',
      startedAt: '2026-12-01T10:20:00.000Z',
      outputs: { url: 'https://app.contoso.example/', backends: ['app 192.168.1.4 Healthy'] },
    },
  },
};

describe('the events the workflows announce', () => {
  test('a deployment that succeeded: its URL, stages, duration, certificate expiry and warnings', () => {
    assert.deepEqual(deploymentNotification(progress, undefined, AT), {
      type: 'deployment.succeeded',
      environment: 'contoso-dev',
      at: AT,
      details: {
        url: 'https://app.contoso.example/',
        stages: 3,
        durationSeconds: 1325,
        certificateNotAfter: '2027-03-01T12:00:00.000Z',
        warnings: ['NatGatewayDisabled'],
      },
    });
  });

  test('a deployment that failed: the stage, its error and the stages it kept from running', () => {
    const failedProgress: DeploymentProgress = {
      environment: 'contoso-dev',
      stages: {
        'resource-providers': { state: 'succeeded', startedAt: '2026-12-01T10:00:00.000Z' },
        database: { state: 'failed', startedAt: '2026-12-01T10:01:00.000Z' },
        'database-migration': { state: 'skipped' },
        verify: { state: 'skipped' },
      },
    };
    const failure = {
      kind: 'validation' as const,
      code: 'InvalidSku',
      message: 'not offered here',
    };
    assert.deepEqual(
      deploymentNotification(failedProgress, { stage: 'database', failure }, AT).details,
      {
        stage: 'database',
        error: { code: 'InvalidSku', message: 'not offered here' },
        skipped: ['database-migration', 'verify'],
        durationSeconds: 1325,
      },
    );
  });

  test('a renewal: the certificate, its expiry and the next renewal, renewBeforeDays earlier', () => {
    const event = certificateRenewedNotification(
      'contoso-dev',
      exampleInput('minimal'),
      {
        action: 'issued',
        message: 'it expires on 2026-12-20T12:00:00.000Z, within 30 days',
        notAfter: '2027-03-01T12:00:00.000Z',
        version: 'v2',
      },
      AT,
    );
    assert.deepEqual(event.details, {
      certificate: 'app-contoso-example',
      names: ['app.contoso.example'],
      notAfter: '2027-03-01T12:00:00.000Z',
      renewAt: '2027-01-30T12:00:00.000Z',
      version: 'v2',
      reason: 'it expires on 2026-12-20T12:00:00.000Z, within 30 days',
    });
  });

  test("a failed renewal: the activity's [kind/code] read back from the error Durable hands over", () => {
    const error = new Error(
      "Activity function 'renewCertificateIfDue' failed: [transient/AcmeUnreachable] the ACME server did not answer",
    );
    const event = renewalFailedNotification('contoso-dev', { not: 'a spec' }, error, AT);
    assert.deepEqual(event, {
      type: 'certificate.renewal-failed',
      environment: 'contoso-dev',
      at: AT,
      details: {
        certificate: undefined,
        names: undefined,
        error: { code: 'AcmeUnreachable', message: 'the ACME server did not answer' },
      },
    });
  });

  test('a reconcile is announced only when it wrote records or pools', () => {
    const inSync: ReconcileReport = {
      environment: 'contoso-dev',
      recordChanges: [],
      poolsChanged: [],
      addresses: { 'app-1': '192.168.1.4' },
      summary: 'in sync: nothing to write',
    };
    assert.equal(healed(inSync), false);
    const wrote: ReconcileReport = {
      ...inSync,
      recordChanges: [
        { action: 'upsert', recordName: 'app-1', ip: '192.168.1.8', was: '192.168.1.4' },
        { action: 'delete', recordName: 'app-2', was: '192.168.1.5' },
      ],
      poolsChanged: ['app'],
    };
    assert.equal(healed(wrote), true);
    assert.equal(healed({ ...inSync, poolsChanged: ['app'] }), true);
    assert.deepEqual(healNotification(wrote, 'periodic check', AT).details, {
      trigger: 'periodic check',
      records: [
        { name: 'app-1', from: '192.168.1.4', to: '192.168.1.8' },
        { name: 'app-2', from: '192.168.1.5' },
      ],
      pools: ['app'],
    });
  });
});

// One event of each type, as the workflows build them, for the notification tests.
import type { NotificationEvent } from '../../../src/notifications/index.js';

type Of<T extends NotificationEvent['type']> = Extract<NotificationEvent, { type: T }>;

export const AT = '2026-12-01T15:04:05.000Z';

export const deploymentSucceeded: Of<'deployment.succeeded'> = {
  type: 'deployment.succeeded',
  environment: 'contoso-dev',
  at: AT,
  details: {
    url: 'https://app.contoso.example/',
    stages: 15,
    durationSeconds: 1325,
    certificateNotAfter: '2027-03-01T12:00:00.000Z',
    warnings: [],
  },
};

/** A failure whose message quotes what must never reach a chat: a SAS URL, a password, a JWT, a key. */
export const SECRET_BITS = {
  sig: 'sv2024sigAbCdEf0123456789',
  password: 'hunter2-Correct-Horse',
  jwt: 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIwMDAwIn0.c2lnbmF0dXJlLXNpZw',
  pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
};

export const deploymentFailed: Of<'deployment.failed'> = {
  type: 'deployment.failed',
  environment: 'contoso-dev',
  at: AT,
  details: {
    stage: 'database',
    error: {
      code: 'InvalidSku',
      message:
        `the SKU is not offered here; PUT https://st.blob.core.windows.net/c/b?sv=2024&sig=${SECRET_BITS.sig} ` +
        `with Server=tcp:x;Password=${SECRET_BITS.password}; token ${SECRET_BITS.jwt} ` +
        `-----BEGIN PRIVATE KEY-----\n${SECRET_BITS.pemBody}\n-----END PRIVATE KEY-----`,
    },
    skipped: ['database-migration', 'container-groups', 'verify'],
    durationSeconds: 95,
  },
};

export const certificateRenewed: Of<'certificate.renewed'> = {
  type: 'certificate.renewed',
  environment: 'contoso-dev',
  at: AT,
  details: {
    certificate: 'app-contoso-example',
    names: ['app.contoso.example'],
    notAfter: '2027-03-01T12:00:00.000Z',
    renewAt: '2027-01-30T12:00:00.000Z',
    version: '8c1f0b2e4a6d4f0e9b7c5a3d1e2f4a6b',
    reason: 'it expires on 2026-12-20T12:00:00.000Z, within 30 days',
  },
};

export const renewalFailed: Of<'certificate.renewal-failed'> = {
  type: 'certificate.renewal-failed',
  environment: 'contoso-dev',
  at: AT,
  details: {
    certificate: 'app-contoso-example',
    names: ['app.contoso.example'],
    error: {
      code: 'AcmeValidationFailed',
      message: 'the ACME server found no TXT record at _acme-challenge.app.contoso.example',
    },
  },
};

export const environmentHealed: Of<'environment.healed'> = {
  type: 'environment.healed',
  environment: 'contoso-dev',
  at: AT,
  details: {
    trigger: 'restart/action on ci-contoso-dev-app-1',
    records: [
      { name: 'app-1', from: '192.168.1.4', to: '192.168.1.8' },
      { name: 'app-2', from: '192.168.1.5' },
    ],
    pools: ['app'],
  },
};

export const ALL_EVENTS = [
  deploymentSucceeded,
  deploymentFailed,
  certificateRenewed,
  renewalFailed,
  environmentHealed,
];

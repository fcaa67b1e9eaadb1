import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VaultCertificate } from '../../../src/azure/key-vault.js';
import { CERTIFICATE_TAGS, ISSUER_VALUE } from '../../../src/certs/certificate-tags.js';
import type { GroupRole } from '../../../src/plan/index.js';
import { certificateView, groupView, poolsView } from '../../../src/status/arm-views.js';

const role = (name: string, recordName: string): GroupRole => ({
  id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/${name}`,
  name,
  recordName,
  routes: 'app',
});

const container = (restartCount: number) => ({ properties: { instanceView: { restartCount } } });

describe('container groups as the page shows them', () => {
  test('sums the restarts of every container, init containers included', () => {
    const view = groupView(role('ci-app-1', 'app-1'), {
      id: 'x',
      properties: {
        provisioningState: 'Succeeded',
        ipAddress: { ip: '192.168.1.4' },
        instanceView: { state: 'Running' },
        initContainers: [container(1)],
        containers: [container(2), container(0), { properties: {} }],
      },
    });
    assert.deepEqual(view, {
      name: 'ci-app-1',
      recordName: 'app-1',
      routes: 'app',
      state: 'Running',
      ip: '192.168.1.4',
      provisioningState: 'Succeeded',
      restarts: 3,
    });
  });

  test('shows a group that does not exist as Missing, without an IP', () => {
    assert.deepEqual(groupView(role('ci-app-2', 'app-2'), undefined), {
      name: 'ci-app-2',
      recordName: 'app-2',
      routes: 'app',
      state: 'Missing',
      restarts: 0,
    });
  });
});

describe('backend pools as the page shows them', () => {
  const gateway = {
    id: 'agw',
    properties: {
      backendAddressPools: [
        {
          name: 'app',
          properties: {
            backendAddresses: [{ ipAddress: '192.168.1.4' }, { ipAddress: '192.168.1.9' }],
          },
        },
        { name: 'dashboard', properties: { backendAddresses: [] } },
      ],
    },
  };
  const groups = [
    { ...groupView(role('ci-app-1', 'app-1'), undefined), state: 'Running', ip: '192.168.1.4' },
  ];

  test('joins each address with its health and the group that has it', () => {
    const view = poolsView(
      gateway,
      [{ pool: 'app', address: '192.168.1.4', health: 'Healthy' }],
      groups,
    );
    assert.deepEqual(view, {
      pools: [
        {
          name: 'app',
          backends: [
            { address: '192.168.1.4', health: 'Healthy', group: 'ci-app-1' },
            { address: '192.168.1.9', health: 'Unknown' },
          ],
        },
        { name: 'dashboard', backends: [] },
      ],
    });
  });

  test('still shows the pools when their health could not be read, saying why', () => {
    const view = poolsView(gateway, { error: 'backendhealth is still running' }, groups);
    assert.equal(view.healthError, 'backendhealth is still running');
    assert.deepEqual(
      view.pools[0]?.backends.map((b) => b.health),
      ['Unknown', 'Unknown'],
    );
  });
});

describe('the certificate as the page shows it', () => {
  const directoryUrl = 'https://acme.example/directory';
  const held: VaultCertificate = {
    name: 'app-contoso-example',
    version: 'v2',
    secretId: 'https://v.vault.azure.net/secrets/app-contoso-example',
    names: ['app.contoso.example'],
    notBefore: new Date('2025-06-01T00:00:00Z'),
    notAfter: new Date('2025-08-30T00:00:00Z'),
    subject: 'CN=app.contoso.example',
    issuer: "C=US\nO=Let's Encrypt\nCN=R11",
    tags: { [CERTIFICATE_TAGS.issuer]: ISSUER_VALUE, [CERTIFICATE_TAGS.directory]: directoryUrl },
    contentType: 'application/x-pkcs12',
  };
  const desired = { names: ['app.contoso.example'], directoryUrl, renewBeforeDays: 30 };

  test('shows issuer, expiry and the date the renewal checks will renew it from', () => {
    const view = certificateView(held, desired, new Date('2025-06-10T00:00:00Z'));
    assert.equal(view?.issuer, "C=US, O=Let's Encrypt, CN=R11");
    assert.equal(view?.notAfter, '2025-08-30T00:00:00.000Z');
    assert.deepEqual(view?.renewal.due, false);
    assert.equal(view?.renewal.renewAt, '2025-07-31T00:00:00.000Z');
  });

  test('says a certificate inside its renewal window is due now, and why', () => {
    const view = certificateView(held, desired, new Date('2025-08-10T00:00:00Z'));
    assert.equal(view?.renewal.due, true);
    assert.match(view?.renewal.message ?? '', /within 30 days/);
  });

  test('is null when Key Vault holds no certificate', () => {
    assert.equal(certificateView(undefined, desired, new Date()), null);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readSettings } from '../../../src/settings.js';
import { repoRoot } from '../../support/cli.js';

/** The app settings infra/app.bicep gives the Functions app, with placeholder values. */
function bicepSettings(): Record<string, string> {
  const bicep = readFileSync(`${repoRoot}infra/app.bicep`, 'utf8');
  const names = [...bicep.matchAll(/name: '(ACI_VNET_SIDECARS_[A-Z_]+)'/g)].map((m) => m[1]!);
  const placeholders: Record<string, string> = {
    ACI_VNET_SIDECARS_CLOUD: 'azure',
    ACI_VNET_SIDECARS_PRINCIPAL_ID: '11111111-2222-3333-4444-555555555555',
    ACI_VNET_SIDECARS_EVENT_HANDLER_ID:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/f/functions/onContainerGroupEvent',
    ACI_VNET_SIDECARS_RECONCILE_SCHEDULE: '0 */5 * * * *',
    ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS: '10',
    ACI_VNET_SIDECARS_RENEWAL_SCHEDULE: '0 0 3 * * *',
    ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-app',
    // infra/main.parameters.json's defaults: notifications off.
    ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: '',
    ACI_VNET_SIDECARS_NOTIFY_FORMAT: '',
  };
  return Object.fromEntries(names.map((n) => [n, placeholders[n] ?? 'unknown-setting']));
}

describe('the app settings of the Azure deployment', () => {
  test('name only settings the app reads, and the ones it needs in Azure', () => {
    const settings = bicepSettings();
    assert.deepEqual(Object.keys(settings).sort(), [
      'ACI_VNET_SIDECARS_CLOUD',
      'ACI_VNET_SIDECARS_EVENT_HANDLER_ID',
      'ACI_VNET_SIDECARS_NOTIFY_FORMAT',
      'ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET',
      'ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID',
      'ACI_VNET_SIDECARS_PRINCIPAL_ID',
      'ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS',
      'ACI_VNET_SIDECARS_RECONCILE_SCHEDULE',
      'ACI_VNET_SIDECARS_RENEWAL_SCHEDULE',
    ]);
    const result = readSettings(settings);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.settings.cloud, 'azure');
    assert.match(result.settings.outboundSubnetId ?? '', /\/subnets\/snet-app$/);
    assert.equal(result.settings.notifications, undefined, 'notifications are off by default');
  });

  test('turn notifications on with the secret id and format the parameters give', () => {
    const result = readSettings({
      ...bicepSettings(),
      ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET:
        'https://kv-contoso-ops.vault.azure.net/secrets/notify-webhook',
      ACI_VNET_SIDECARS_NOTIFY_FORMAT: 'teams',
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.settings.notifications?.format, 'teams');
  });
});

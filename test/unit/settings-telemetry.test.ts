import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSettings } from '../../src/settings.js';

const CONNECTION =
  'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

function applicationInsights(env: Record<string, string>) {
  const read = readSettings(env);
  assert.ok(read.ok, JSON.stringify(read));
  return read.settings.applicationInsights;
}

describe('app settings for telemetry', () => {
  test('in Azure, export to Application Insights with the identity infra/app.bicep names', () => {
    assert.deepEqual(
      applicationInsights({
        APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
        AZURE_CLIENT_ID: 'c-1',
      }),
      { connectionString: CONNECTION, clientId: 'c-1' },
    );
    assert.deepEqual(applicationInsights({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION }), {
      connectionString: CONNECTION,
      clientId: undefined,
    });
  });

  test('print to the console without a connection string, and always in a local run', () => {
    assert.equal(applicationInsights({}), undefined);
    assert.equal(
      applicationInsights({
        ACI_VNET_SIDECARS_CLOUD: 'local',
        ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
        APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
      }),
      undefined,
    );
  });
});

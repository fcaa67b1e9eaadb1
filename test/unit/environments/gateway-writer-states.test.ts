// The gateway writer and the gateway's provisioningState: wait while it runs, rewrite a failure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ArmResource } from '../../../src/azure/resources.js';
import { environmentContext, writeGateway } from '../../../src/environments/index.js';
import type { AppServices } from '../../../src/services.js';
import { readSettings } from '../../../src/settings.js';
import { exampleInput } from '../../support/specs.js';

/** As the deployment left it: with this environment's ownership tags. */
const BODY = {
  location: 'westeurope',
  tags: { 'aci-vnet-sidecars-environment': 'contoso-dev', 'managed-by': 'aci-vnet-sidecars' },
  properties: { sku: { name: 'Standard_v2' } },
};

/** An environment whose store holds the gateway in `provisioningState`, recording what is sent. */
function environmentWith(provisioningState: string, sent: string[]) {
  const gateway: ArmResource = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/agw-contoso-dev',
    etag: 'W/"1"',
    ...structuredClone(BODY),
    properties: { ...BODY.properties, provisioningState },
  };
  const settings = readSettings({});
  assert.ok(settings.ok);
  const services = {
    settings: settings.settings,
    store: () => ({
      get: () => {
        sent.push('GET');
        return Promise.resolve(gateway);
      },
      put: (_id: string, _api: string, _body: unknown, options?: { ifMatch?: string }) => {
        sent.push(`PUT If-Match ${options?.ifMatch}`);
        return Promise.resolve({ ...gateway, properties: { ...BODY.properties } });
      },
      delete: () => Promise.reject(new Error('no DELETE')),
    }),
    log: () => undefined,
  } as unknown as AppServices;
  return environmentContext(services, exampleInput('minimal'), 'test');
}

describe('the gateway writer and provisioningState', () => {
  test('answers busy, without computing or sending a body, while an operation on the gateway runs', async () => {
    for (const state of ['Updating', 'Creating', 'Deleting']) {
      const sent: string[] = [];
      let computed = false;
      const write = await writeGateway(environmentWith(state, sent), () => {
        computed = true;
        return BODY;
      });
      assert.deepEqual(write, {
        busy: `applicationGateways/agw-contoso-dev is ${state}: an operation on it still runs, and a PUT now would cancel it`,
      });
      assert.equal(computed, false);
      assert.deepEqual(sent, ['GET'], state);
    }
  });

  test('writes a gateway whose last operation failed again, even when its body is unchanged', async () => {
    const sent: string[] = [];
    const write = await writeGateway(environmentWith('Failed', sent), () => BODY);
    assert.ok(!('busy' in write));
    assert.deepEqual([write.written, write.drift], [true, ['provisioningState Failed']]);
    assert.deepEqual(sent, ['GET', 'PUT If-Match W/"1"']);
  });

  test('leaves a Succeeded gateway with the same body alone', async () => {
    const sent: string[] = [];
    const write = await writeGateway(environmentWith('Succeeded', sent), () => BODY);
    assert.ok(!('busy' in write));
    assert.equal(write.written, false);
    assert.deepEqual(sent, ['GET']);
  });
});

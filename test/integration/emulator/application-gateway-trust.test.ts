// Backend trust on Application Gateway: trusted roots on v2 only, authentication certificates on
// v1 only, and a backend setting may name only a trusted root the gateway has.
import { NetworkManagementClient, type ApplicationGateway } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { vnetWithSubnets } from './builders.js';
import { gateway } from './gateway-builders.js';
import { fakeCredential, LRO, startWithResourceGroup, SUB } from './helpers.js';

const RG = 'rg-gw-trust';
// Any base64 certificate body: the emulator checks the references, not the certificate.
const ROOT_DATA = 'MIIBszCCAVmgAwIBAgIUAQ==';

const gatewayId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/applicationGateways/${name}`;

/** The builder's v2 gateway, its backend settings naming `referenced`, holding `roots`. */
function withTrust(
  name: string,
  opts: { roots: string[]; referenced: string[]; tier?: 'Standard' | 'Standard_v2' },
): ApplicationGateway {
  const body = gateway(RG, name, []);
  const tier = opts.tier ?? 'Standard_v2';
  body.sku = { name: tier === 'Standard' ? 'Standard_Medium' : tier, tier, capacity: 1 };
  body.trustedRootCertificates = opts.roots.map((root) => ({ name: root, data: ROOT_DATA }));
  body.backendHttpSettingsCollection = (body.backendHttpSettingsCollection ?? []).map((s) => ({
    ...s,
    trustedRootCertificates: opts.referenced.map((root) => ({
      id: `${gatewayId(name)}/trustedRootCertificates/${root}`,
    })),
  }));
  return body;
}

void describe('emulator application gateway backend trust', () => {
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;

  before(async () => {
    const started = await startWithResourceGroup(RG);
    emu = started.emu;
    network = new NetworkManagementClient(fakeCredential, SUB, started.options);
    await vnetWithSubnets(network, RG, 'vnet');
  });
  after(() => emu.stop());

  const put = (name: string, body: ApplicationGateway) =>
    network.applicationGateways.beginCreateOrUpdateAndWait(RG, name, body, LRO);

  void test('accepts a v2 gateway whose backend settings name its own trusted root', async () => {
    const done = await put('gw-ok', withTrust('gw-ok', { roots: ['root'], referenced: ['root'] }));
    assert.equal(done.provisioningState, 'Succeeded');
    assert.equal(
      done.backendHttpSettingsCollection?.[0]?.trustedRootCertificates?.[0]?.id,
      `${gatewayId('gw-ok')}/trustedRootCertificates/root`,
    );
  });

  void test('refuses a backend setting that names a trusted root the gateway does not have', async () => {
    const id = gatewayId('gw-missing');
    await assert.rejects(
      put('gw-missing', withTrust('gw-missing', { roots: ['other'], referenced: ['root'] })),
      {
        statusCode: 400,
        code: 'InvalidResourceReference',
        message: `Resource ${id}/trustedRootCertificates/root referenced by resource ${id}/backendHttpSettingsCollection/https was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      },
    );
  });

  void test('refuses trusted root certificates on a v1 gateway', async () => {
    await assert.rejects(
      put('gw-v1', withTrust('gw-v1', { roots: ['root'], referenced: ['root'], tier: 'Standard' })),
      {
        statusCode: 400,
        code: 'ApplicationGatewayFeatureCannotBeEnabledForSelectedSku',
        message: `Application Gateway ${gatewayId('gw-v1')} does not support TrustedRootCertificates for the selected SKU tier Standard. Supported SKU tiers are Standard_v2,WAF_v2.`,
      },
    );
  });

  void test('refuses authentication certificates on a v2 gateway', async () => {
    const body = gateway(RG, 'gw-auth', []);
    body.authenticationCertificates = [{ name: 'auth', data: ROOT_DATA }];
    await assert.rejects(put('gw-auth', body), {
      statusCode: 400,
      code: 'ApplicationGatewayFeatureCannotBeEnabledForSelectedSku',
      message: `Application Gateway ${gatewayId('gw-auth')} does not support AuthenticationCertificates for the selected SKU tier Standard_v2. Supported SKU tiers are Standard,WAF.`,
    });
  });
});

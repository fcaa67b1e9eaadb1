// Application Gateway bodies for the emulator tests.
import type { ApplicationGateway } from '@azure/arm-network';
import { SUB } from './helpers.js';

export function gateway(
  rg: string,
  name: string,
  backendIps: string[],
  opts: { priority?: number | null; keyVaultSecretId?: string } = {},
): ApplicationGateway {
  const id = `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/applicationGateways/${name}`;
  const rule: NonNullable<ApplicationGateway['requestRoutingRules']>[number] = {
    name: 'rule',
    ruleType: 'Basic',
    httpListener: { id: `${id}/httpListeners/listener` },
    backendAddressPool: { id: `${id}/backendAddressPools/pool` },
    backendHttpSettings: { id: `${id}/backendHttpSettingsCollection/https` },
  };
  if (opts.priority !== null) rule.priority = opts.priority ?? 100;
  const tls = opts.keyVaultSecretId
    ? {
        sslCertificates: [{ name: 'app-cert', keyVaultSecretId: opts.keyVaultSecretId }],
        sslCertificate: { id: `${id}/sslCertificates/app-cert` },
      }
    : undefined;
  return {
    location: 'westeurope',
    sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 1 },
    gatewayIPConfigurations: [
      {
        name: 'gw-ip',
        subnet: {
          id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/gw`,
        },
      },
    ],
    frontendIPConfigurations: [
      {
        name: 'fe',
        publicIPAddress: {
          id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/publicIPAddresses/gw-pip`,
        },
      },
    ],
    frontendPorts: [{ name: 'p443', port: 443 }],
    backendAddressPools: [
      { name: 'pool', backendAddresses: backendIps.map((ipAddress) => ({ ipAddress })) },
    ],
    backendHttpSettingsCollection: [
      { name: 'https', port: 443, protocol: 'Https', hostName: 'app.example.com' },
    ],
    httpListeners: [
      {
        name: 'listener',
        frontendIPConfiguration: { id: `${id}/frontendIPConfigurations/fe` },
        frontendPort: { id: `${id}/frontendPorts/p443` },
        protocol: 'Https',
        ...(tls ? { sslCertificate: tls.sslCertificate } : {}),
      },
    ],
    requestRoutingRules: [rule],
    ...(tls ? { sslCertificates: tls.sslCertificates } : {}),
  };
}

// Microsoft.Network answers, shaped on the 2024-07-01 x-ms-examples of azure-rest-api-specs
// (`specification/network/resource-manager/Microsoft.Network/stable/2024-07-01/examples/…`): the
// empty collections the RP adds, and certificate material that a GET never returns.
import type { ArmResource } from '../core/model.js';
import { emptyListsAbsent, listAt, propertiesOf } from './arm-shape-values.js';

/**
 * ApplicationGatewayCreate.json: an `sslCertificates` entry PUT with `data` and `password` comes
 * back with neither ("publicCertData" instead); collections the request left out come back empty;
 * a frontend IP configuration gets `privateIPAllocationMethod: Dynamic`.
 */
export function applicationGateway(gateway: ArmResource): void {
  const p = propertiesOf(gateway);
  for (const certificate of listAt(p, 'sslCertificates')) {
    const c = propertiesOf(certificate);
    delete c.data;
    delete c.password;
  }
  for (const frontend of listAt(p, 'frontendIPConfigurations'))
    propertiesOf(frontend).privateIPAllocationMethod ??= 'Dynamic';
  emptyListsAbsent(p, [
    'authenticationCertificates',
    'loadDistributionPolicies',
    'listeners',
    'urlPathMaps',
    'routingRules',
    'probes',
    'redirectConfigurations',
    'privateEndpointConnections',
  ]);
}

/** VirtualNetworkGet.json: `virtualNetworkPeerings: []`. */
export function virtualNetwork(vnet: ArmResource): void {
  emptyListsAbsent(propertiesOf(vnet), ['virtualNetworkPeerings']);
}

/**
 * PrivateEndpointGet.json: `manualPrivateLinkServiceConnections`, `applicationSecurityGroups` and
 * `ipConfigurations` empty when not set; each connection carries its own id.
 */
export function privateEndpoint(endpoint: ArmResource): void {
  const p = propertiesOf(endpoint);
  for (const connection of listAt(p, 'privateLinkServiceConnections')) {
    const name = typeof connection.name === 'string' ? connection.name : '';
    connection.id ??= `${endpoint.id}/privateLinkServiceConnections/${name}`;
  }
  emptyListsAbsent(p, [
    'manualPrivateLinkServiceConnections',
    'applicationSecurityGroups',
    'ipConfigurations',
  ]);
}

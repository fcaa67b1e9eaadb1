// Choices a spec may make that Azure documents as unsupported: the plan carries a warning for
// each, which `plan` prints and the deployment's status shows; none fails a deployment.
import type { EnvironmentSpec } from '../spec/index.js';
import type { PlanWarning } from './types.js';

const ACI_VNET_CONCEPTS =
  'https://learn.microsoft.com/azure/container-instances/container-instances-virtual-network-concepts';

/**
 * "If you deploy your container group into a virtual network, you must use a NAT gateway for
 * outbound connectivity. This is the only supported configuration for outbound connectivity from
 * your container group in a virtual network." (container-instances-virtual-network-concepts.md)
 */
const NAT_GATEWAY_DISABLED: PlanWarning = {
  code: 'NatGatewayDisabled',
  field: 'network.natGateway.enabled',
  message:
    'network.natGateway.enabled is false, so the containers subnet gets no NAT gateway and its ' +
    'outbound traffic relies on default outbound access. Azure Container Instances in a virtual ' +
    'network supports a NAT gateway as "the only supported configuration for outbound ' +
    `connectivity from your container group in a virtual network" (${ACI_VNET_CONCEPTS}); the ` +
    'sidecars reach Key Vault over outbound HTTPS. Remove the setting to plan the NAT gateway.',
};

export function planWarnings(spec: EnvironmentSpec): PlanWarning[] {
  return spec.network.natGateway.enabled ? [] : [NAT_GATEWAY_DISABLED];
}

// Choices a spec may make that Azure documents as unsupported: the plan carries a warning for
// each, which `plan` prints and the deployment's status shows; none fails a deployment.
import type { EnvironmentSpec } from '../spec/index.js';
import { importedTag, workloadImages, type WorkloadImage } from './images.js';
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

const TAG_VERSIONING =
  'https://learn.microsoft.com/azure/container-registry/container-registry-image-tag-version';

/**
 * An image imported by tag: the registry stage imports whatever the tag names at that moment, so
 * two deployments of one spec may run different images. "Stable doesn't mean the contents are
 * frozen" (container-registry-image-tag-version.md); a digest names one image for good.
 */
function importedByTag(image: WorkloadImage, source: string, tag: string): PlanWarning {
  const field = `app.images.${image.role}`;
  const repository = source.slice(0, source.length - tag.length - 1);
  return {
    code: 'ImageNotPinnedByDigest',
    field,
    message:
      `${field} imports ${source} by its tag "${tag}", which its publisher can move to another ` +
      `image: a later deployment may import different content under the same name (${TAG_VERSIONING}). ` +
      `Reference it by digest instead: ${repository}@sha256:<digest>.`,
  };
}

function imageWarnings(spec: EnvironmentSpec): PlanWarning[] {
  return workloadImages(spec).flatMap((image) => {
    const tag = importedTag(image);
    return tag === undefined || typeof image.source !== 'string'
      ? []
      : [importedByTag(image, image.source, tag)];
  });
}

export function planWarnings(spec: EnvironmentSpec): PlanWarning[] {
  return [
    ...(spec.network.natGateway.enabled ? [] : [NAT_GATEWAY_DISABLED]),
    ...imageWarnings(spec),
  ];
}

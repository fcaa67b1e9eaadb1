// A container group as ContainerGroups_List and ContainerGroups_ListByResourceGroup answer it:
// everything a GET shows but the instance views, of the group and of each (init) container. The
// 2023-05-01 example of ListByResourceGroup
// (specification/containerinstance/ContainerInstance.Management/tsp-output/examples/2023-05-01/ContainerGroups_ListByResourceGroup.json)
// has `ipAddress.ip` and `provisioningState` but no `instanceView` anywhere; the GET examples have
// both. Microsoft's answer when asked why: "it's not possible yet because that's a very expensive
// operation … you can parallelize the `get` calls" (Azure/azure-sdk-for-python#2662); the same
// gap is reported in Azure/azure-rest-api-specs#21280, Azure/azure-sdk-for-node#5144 and
// Azure/azure-libraries-for-net#118 (the group's `state`, null in a list). The subscription-wide
// example ContainerGroupsList.json keeps containers' instance views; the reports above say the
// service sends none, the stricter reading kept here for both lists. Pure.
import type { ArmResource } from '../../core/model.js';

type Container = { properties?: Record<string, unknown> };

function withoutInstanceView(container: Container): Container {
  if (!container.properties) return container;
  const { instanceView: _instanceView, ...properties } = container.properties;
  return { ...container, properties };
}

export function listedContainerGroup(view: ArmResource): ArmResource {
  const properties = view.properties as Record<string, unknown> | undefined;
  if (!properties) return view;
  const { instanceView: _instanceView, ...rest } = properties;
  const containers = (field: 'containers' | 'initContainers') =>
    Array.isArray(rest[field])
      ? { [field]: (rest[field] as Container[]).map(withoutInstanceView) }
      : {};
  return {
    ...view,
    properties: { ...rest, ...containers('containers'), ...containers('initContainers') },
  };
}

// A container group whose DELETE runs. ContainerGroups_Delete is a long-running operation
// (containerInstance.json 2023-05-01: 202 with Location, "final-state-via": "location"); the
// group's provisioning state is the delete's ("the state of the last operation performed on a
// container group … it can also be … DELETE", container-state.md), and it keeps its subnet
// address until the operation ends ("A container group doesn't have to be in the Running state to
// retain the subnet dependency", MicrosoftDocs/SupportArticles-docs
// support/azure/azure-container-instances/connectivity/cannot-delete-vnet-subnet.md):
// arm/generic-write.ts runs the group's `deleted` hook, which releases the address, only then.
// Meanwhile ACI refuses another operation on it: 409 ContainerGroupTransitioning "The container
// group '<name>' is still transitioning, please retry later" (SupportArticles-docs
// …/configuration-setup/container-group-transitioning-state.md, written for start and stop; that
// a PUT, a restart or a second DELETE get it too is inferred). Inferred as well, since no page
// says: a group being deleted serves nothing, so the gateway's probes find it Unhealthy from the
// moment its delete is accepted (network/application-gateways.ts).
import { ArmError } from '../../arm/errors.js';
import { properties } from '../../arm/resource-store.js';
import type { ArmResource } from '../../core/model.js';

export function isDeleting(group: ArmResource): boolean {
  return properties(group).provisioningState === 'Deleting';
}

/** ACI's answer to any operation on a group whose delete still runs. */
export function refuseWhileDeleting(group: ArmResource): void {
  if (!isDeleting(group)) return;
  throw new ArmError(
    409,
    'ContainerGroupTransitioning',
    `The container group '${group.name}' is still transitioning, please retry later.`,
  );
}

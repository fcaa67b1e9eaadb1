// What `azd provision` (infra/resource-group-access.bicep) has done in Azure before any
// environment is deployed into a resource group: the group exists ("Each must exist already",
// infra/main.bicep) and the app holds Key Vault Certificates Officer and Key Vault Secrets Officer
// at its scope. The local run does the same, then waits until those grants have taken effect, as
// they have in Azure by the time a user deploys: "it can take up to 10 minutes for changes to take
// effect" (role-based-access-control/troubleshooting.md).
import { setTimeout as sleep } from 'node:timers/promises';
import { apiVersionOf, BUILT_IN_ROLES, roleDefinitionId } from '../../plan/index.js';
import { deterministicGuid } from '../../spec/index.js';
import { armCall } from './emulator-arm.js';
import type { EmulatorEndpoints } from './emulator-child.js';

export interface EnvironmentAccessTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  /** The app's principal id (ACI_VNET_SIDECARS_PRINCIPAL_ID). */
  readonly principalId: string;
}

/** Azure's documented upper bound for a role assignment to take effect. */
export const ROLE_ASSIGNMENT_PROPAGATION_MS = 10 * 60_000;

const VAULT_DATA_ROLES = ['keyVaultCertificatesOfficer', 'keyVaultSecretsOfficer'] as const;

export async function grantEnvironmentAccess(
  emulator: Pick<EmulatorEndpoints, 'armUrl' | 'caPem'>,
  target: EnvironmentAccessTarget,
  timeScale: number,
): Promise<void> {
  const group = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
  const existing = await armCall(emulator, 'GET', `${group}?api-version=2025-04-01`);
  if (existing.status === 404)
    await armCall(emulator, 'PUT', `${group}?api-version=2025-04-01`, {
      location: target.location,
    });
  const apiVersion = apiVersionOf('Microsoft.Authorization/roleAssignments');
  for (const role of VAULT_DATA_ROLES) {
    const name = deterministicGuid(group, target.principalId, BUILT_IN_ROLES[role]);
    await armCall(
      emulator,
      'PUT',
      `${group}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=${apiVersion}`,
      {
        properties: {
          roleDefinitionId: roleDefinitionId(target.subscriptionId, role),
          principalId: target.principalId,
          principalType: 'ServicePrincipal',
        },
      },
    );
  }
  await sleep(ROLE_ASSIGNMENT_PROPAGATION_MS * timeScale);
}

// What `azd provision` (infra/resource-group-access.bicep) has done in Azure before any
// environment is deployed into a resource group: the group exists ("Each must exist already",
// infra/main.bicep) and the app holds Key Vault Certificates Officer and Key Vault Secrets Officer
// at its scope. The local run does the same, then waits until those grants have taken effect, as
// they have in Azure by the time a user deploys: "it can take up to 10 minutes for changes to take
// effect" (role-based-access-control/troubleshooting.md). For each environment listed as prepared
// (infra's `preparedEnvironments`, infra/prepared-environment.bicep), it also creates the
// environment's gateway identity and grants it Key Vault Secrets User on the group.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  apiVersionOf,
  BUILT_IN_ROLES,
  environmentMarks,
  roleDefinitionId,
} from '../../plan/index.js';
import { ROLE_ASSIGNMENT_APPLIES_MS } from '../../retry-policies.js';
import { deterministicGuid, gatewayIdentityName } from '../../spec/index.js';
import { armCall } from './emulator-arm.js';
import type { EmulatorEndpoints } from './emulator-child.js';
import { StackError } from './errors.js';

export interface EnvironmentAccessTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  /** The app's principal id (ACI_VNET_SIDECARS_PRINCIPAL_ID). */
  readonly principalId: string;
  /** Environments of this group whose gateway identity `azd provision` prepares. */
  readonly preparedEnvironments?: readonly string[];
}

type Emulator = Pick<EmulatorEndpoints, 'armUrl' | 'caPem'>;

/** Azure's documented upper bound for a role assignment to take effect. */
export const ROLE_ASSIGNMENT_PROPAGATION_MS = 10 * 60_000;

const VAULT_DATA_ROLES = ['keyVaultCertificatesOfficer', 'keyVaultSecretsOfficer'] as const;

export async function grantEnvironmentAccess(
  emulator: Emulator,
  target: EnvironmentAccessTarget,
  timeScale: number,
): Promise<void> {
  const group = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
  const existing = await armCall(emulator, 'GET', `${group}?api-version=2025-04-01`);
  if (existing.status === 404)
    await armCall(emulator, 'PUT', `${group}?api-version=2025-04-01`, {
      location: target.location,
    });
  for (const role of VAULT_DATA_ROLES)
    await assignOnGroup(emulator, target, role, target.principalId);
  for (const environment of target.preparedEnvironments ?? [])
    await prepareGatewayIdentity(emulator, target, environment, timeScale);
  // As long as the app counts a grant as applied (ROLE_ASSIGNMENT_APPLIES_MS), not only Azure's 10
  // minutes: the prepared gateway grant is then old enough for the first deployment.
  await sleep(Math.max(ROLE_ASSIGNMENT_PROPAGATION_MS, ROLE_ASSIGNMENT_APPLIES_MS) * timeScale);
}

/** `role` for `principalId` on the resource group, named as infra/ names it (one per pair). */
async function assignOnGroup(
  emulator: Emulator,
  target: EnvironmentAccessTarget,
  role: keyof typeof BUILT_IN_ROLES,
  principalId: string,
): Promise<void> {
  const group = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
  const name = deterministicGuid(group, principalId, BUILT_IN_ROLES[role]);
  await armCall(
    emulator,
    'PUT',
    `${group}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=${ASSIGNMENT_API}`,
    {
      properties: {
        roleDefinitionId: roleDefinitionId(target.subscriptionId, role),
        principalId,
        principalType: 'ServicePrincipal',
      },
    },
  );
}

const ASSIGNMENT_API = apiVersionOf('Microsoft.Authorization/roleAssignments');
const IDENTITY_API = apiVersionOf('Microsoft.ManagedIdentity/userAssignedIdentities');
const MANAGED_IDENTITY = 'Microsoft.ManagedIdentity';

/**
 * The environment's gateway identity, tagged as the environment's (the deployment then finds it
 * its own and leaves it), and Key Vault Secrets User on the group for it. A template deployment
 * registers the namespaces it uses ("resource providers defined in the template are registered
 * automatically", azure-resource-manager/management/resource-providers-and-types.md).
 */
export async function prepareGatewayIdentity(
  emulator: Emulator,
  target: Omit<EnvironmentAccessTarget, 'principalId'>,
  environment: string,
  timeScale: number,
): Promise<void> {
  await registerNamespace(emulator, target.subscriptionId, MANAGED_IDENTITY, timeScale);
  const group = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
  const gatewayIdentity = gatewayIdentityName(environment);
  const identity = await armCall(
    emulator,
    'PUT',
    `${group}/providers/${MANAGED_IDENTITY}/userAssignedIdentities/${gatewayIdentity}?api-version=${IDENTITY_API}`,
    { location: target.location, tags: environmentMarks(environment) },
  );
  const principalId = (JSON.parse(identity.text) as { properties?: { principalId?: unknown } })
    .properties?.principalId;
  if (typeof principalId !== 'string')
    throw new StackError(`the emulator created ${gatewayIdentity} without a principal id`);
  await assignOnGroup(emulator, { ...target, principalId }, 'keyVaultSecretsUser', principalId);
}

async function registerNamespace(
  emulator: Emulator,
  subscriptionId: string,
  namespace: string,
  timeScale: number,
): Promise<void> {
  const provider = `/subscriptions/${subscriptionId}/providers/${namespace}?api-version=2025-04-01`;
  const state = async () =>
    (JSON.parse((await armCall(emulator, 'GET', provider)).text) as { registrationState?: string })
      .registrationState;
  if ((await state()) === 'Registered') return;
  await armCall(
    emulator,
    'POST',
    `/subscriptions/${subscriptionId}/providers/${namespace}/register?api-version=2025-04-01`,
  );
  // Registration takes minutes in Azure; a few hundred polls at the time scale are plenty.
  for (let poll = 0; poll < 600; poll++) {
    if ((await state()) === 'Registered') return;
    await sleep(Math.max(10, 5_000 * timeScale));
  }
  throw new StackError(`${namespace} did not register in the emulator`);
}

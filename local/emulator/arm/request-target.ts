// The one parse of an ARM request path into what it addresses; dispatch picks the handler from the
// kind and the method, so no path is matched twice. The fixed routes need whole non-empty
// segments (only the resource-group list takes a trailing slash); provider paths skip empty ones.
import { armPathOf, type ArmPath } from './resource-id.js';

export interface ResourceGroupRef {
  subscription: string;
  resourceGroup: string;
}

export type ArmTarget =
  | { kind: 'resourceGroupList'; subscription: string }
  | ({ kind: 'resourceGroup' } & ResourceGroupRef)
  | ({ kind: 'resourcesInGroup' } & ResourceGroupRef)
  | { kind: 'operationStatus'; operationId: string }
  | { kind: 'operationResult'; operationId: string }
  /** Microsoft.Resources providers of a subscription: the list, one namespace, its registration. */
  | { kind: 'resourceProviders'; subscription: string }
  | { kind: 'resourceProvider'; subscription: string; namespace: string }
  | { kind: 'resourceProviderRegistration'; subscription: string; namespace: string }
  /** `runs` of a registry are not stored resources: they are views of ACR Tasks runs. */
  | { kind: 'registryRun'; registryId: string; runId: string }
  /** A container's log (Containers_ListLogs): containers are parts of their group, not resources. */
  | { kind: 'containerLogs'; groupId: string; resourceGroup: string; container: string }
  /** Soft-deleted Key Vaults: proxy resources under the subscription, by location and name. */
  | { kind: 'deletedVaults'; subscription: string }
  | ({ kind: 'deletedVault' } & DeletedVaultRef)
  | ({ kind: 'deletedVaultPurge' } & DeletedVaultRef)
  /** GET `{scope}/providers/{ns}/{type}`: every resource of that type under the scope. */
  | { kind: 'providerList'; path: ArmPath }
  /** A name/type pair path with one more segment: a child collection (GET) or an action (POST). */
  | { kind: 'collection'; path: ArmPath }
  | { kind: 'action'; path: ArmPath }
  | { kind: 'resource'; path: ArmPath };

export type ArmTargetKind = ArmTarget['kind'];

export interface DeletedVaultRef {
  subscription: string;
  location: string;
  name: string;
}

const DELETED_VAULT = 'subscriptions/*/providers/microsoft.keyvault/locations/*/deletedvaults/*';
const CONTAINER_LOGS =
  'subscriptions/*/resourcegroups/*/providers/microsoft.containerinstance/containergroups/*/containers/*/logs';

/** Vaults_ListDeleted, Vaults_GetDeleted and Vaults_PurgeDeleted (Microsoft.KeyVault). */
function deletedVaultTarget(method: string, parts: string[]): ArmTarget | undefined {
  const lower = parts.map((p) => p.toLowerCase());
  const [, subscription = '', , , , location = '', , name = ''] = parts;
  if (method === 'GET' && fits(lower, 'subscriptions/*/providers/microsoft.keyvault/deletedvaults'))
    return { kind: 'deletedVaults', subscription };
  if (method === 'GET' && fits(lower, DELETED_VAULT))
    return { kind: 'deletedVault', subscription, location, name };
  if (method === 'POST' && fits(lower, `${DELETED_VAULT}/purge`))
    return { kind: 'deletedVaultPurge', subscription, location, name };
  return undefined;
}

/** Whether lower-cased segments fit a `/`-separated template, where `*` is any one segment. */
function fits(lower: string[], template: string): boolean {
  const expected = template.split('/');
  return lower.length === expected.length && expected.every((t, i) => t === '*' || t === lower[i]);
}

/** The routes ARM serves beside stored resources, matched on whole non-empty segments. */
function fixedTarget(
  method: string,
  parts: string[],
  trailingSlash: boolean,
): ArmTarget | undefined {
  const lower = parts.map((p) => p.toLowerCase());
  const [, subscription = '', , resourceGroup = ''] = parts;
  const id = parts[parts.length - 1] ?? '';
  if (fits(lower, 'subscriptions/*/resourcegroups'))
    return { kind: 'resourceGroupList', subscription };
  if (trailingSlash) return undefined;
  if (fits(lower, 'subscriptions/*/resourcegroups/*'))
    return { kind: 'resourceGroup', subscription, resourceGroup };
  if (fits(lower, 'subscriptions/*/resourcegroups/*/resources'))
    return { kind: 'resourcesInGroup', subscription, resourceGroup };
  const namespace = parts[3] ?? '';
  const deletedVault = deletedVaultTarget(method, parts);
  if (deletedVault) return deletedVault;
  if (method === 'POST' && fits(lower, 'subscriptions/*/providers/*/register'))
    return { kind: 'resourceProviderRegistration', subscription, namespace };
  if (method !== 'GET') return undefined;
  if (fits(lower, 'subscriptions/*/providers')) return { kind: 'resourceProviders', subscription };
  if (fits(lower, 'subscriptions/*/providers/*'))
    return { kind: 'resourceProvider', subscription, namespace };
  if (fits(lower, 'subscriptions/*/providers/*/locations/*/operations/*'))
    return { kind: 'operationStatus', operationId: id };
  if (fits(lower, 'subscriptions/*/providers/*/locations/*/operationresults/*'))
    return { kind: 'operationResult', operationId: id };
  if (
    fits(
      lower,
      'subscriptions/*/resourcegroups/*/providers/microsoft.containerregistry/registries/*/runs/*',
    )
  ) {
    const registryId = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${parts[7]}`;
    return { kind: 'registryRun', registryId, runId: id };
  }
  if (fits(lower, CONTAINER_LOGS)) {
    const groupId = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/${parts[7]}`;
    return { kind: 'containerLogs', groupId, resourceGroup, container: parts[9] ?? '' };
  }
  return undefined;
}

/** `{scope}/providers/{ns}/…`: a list, a collection or action below a resource, or a resource. */
function providerTarget(method: string, parts: string[]): ArmTarget | undefined {
  const lower = parts.map((p) => p.toLowerCase());
  const underProviders =
    lower[2] === 'providers' ||
    (lower[2] === 'resourcegroups' && !!parts[3] && lower[4] === 'providers');
  const path = underProviders ? armPathOf(parts.filter((p) => p.length > 0)) : undefined;
  if (!path) return undefined;
  if (path.names.length === 0) return { kind: 'providerList', path };
  if (path.trailing) return { kind: method === 'POST' ? 'action' : 'collection', path };
  return { kind: 'resource', path };
}

export function armTarget(method: string, path: string): ArmTarget | undefined {
  const parts = path.split('/').slice(1);
  const trailingSlash = parts.length > 1 && parts[parts.length - 1] === '';
  if (trailingSlash) parts.pop();
  if (parts[0]?.toLowerCase() !== 'subscriptions' || !parts[1]) return undefined;
  const clean = parts.every((p) => p.length > 0);
  return (
    (clean ? fixedTarget(method, parts, trailingSlash) : undefined) ?? providerTarget(method, parts)
  );
}

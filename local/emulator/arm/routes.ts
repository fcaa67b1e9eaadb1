// The ARM route table. Resource-group and operation routes first, then every provider path goes
// through the generic store with the per-type behaviour.
import { route, type Route } from '../router.js';
import type { EmuContext, EmuRequest, EmuResponse } from '../types.js';
import { armErrors } from './errors.js';
import { actionHandler, collectionHandler, getHandler, listTopLevel } from './generic-read.js';
import { deleteHandler, patchHandler, putHandler } from './generic-write.js';
import { operationResult, operationStatus } from './lro.js';
import { behaviourFor } from './registry.js';
import { key, parentId, parseArmPath, resourceType, type ArmPath } from './resource-id.js';
import { getResource } from './resource-store.js';
import { getRun } from '../types/registry-tasks.js';
import {
  deleteResourceGroup,
  findResourceGroup,
  getResourceGroup,
  listResourceGroups,
  listResourcesInGroup,
  putResourceGroup,
} from './resource-groups.js';

const SUB = '^/subscriptions/(?<sub>[^/]+)';
const RG = `${SUB}/resourcegroups/(?<rg>[^/]+)`;

function checkScope(ctx: EmuContext, path: ArmPath): void {
  if (path.resourceGroup && !findResourceGroup(ctx, path.subscription, path.resourceGroup)) {
    throw armErrors.resourceGroupNotFound(path.resourceGroup);
  }
  const scopeIsResource = key(path.scope).includes('/providers/');
  if (scopeIsResource && !getResource(ctx, path.scope)) throw armErrors.parentNotFound(path.scope);
  const parent = parentId(path);
  if (parent && !getResource(ctx, parent)) throw armErrors.parentNotFound(parent);
}

function providerHandler(ctx: EmuContext, req: EmuRequest): EmuResponse {
  const path = parseArmPath(req.path);
  if (!path) throw armErrors.noRoute(req.method, req.path);
  checkScope(ctx, path);
  if (path.names.length === 0) {
    if (req.method === 'GET') return listTopLevel(ctx, path, behaviourFor);
    throw armErrors.noRoute(req.method, req.path);
  }
  if (path.trailing) {
    if (req.method === 'GET') return collectionHandler(ctx, req, path, behaviourFor);
    if (req.method === 'POST') return actionHandler(ctx, req, path, behaviourFor);
    throw armErrors.noRoute(req.method, req.path);
  }
  const behaviour = behaviourFor(resourceType(path));
  switch (req.method) {
    case 'PUT':
      return putHandler(ctx, req, path, behaviour);
    case 'PATCH':
      return patchHandler(ctx, req, path, behaviour);
    case 'DELETE':
      return deleteHandler(ctx, req, path, behaviour);
    case 'GET':
      return getHandler(ctx, req, path, behaviourFor);
    default:
      throw armErrors.noRoute(req.method, req.path);
  }
}

const OPS = `${SUB}/providers/[^/]+/locations/[^/]+`;

/** `runs` of a registry are not stored resources: they are views of ACR Tasks runs. */
function registryRun(
  ctx: EmuContext,
  req: EmuRequest,
  params: Record<string, string>,
): EmuResponse {
  const registryId = `/subscriptions/${params.sub}/resourceGroups/${params.rg}/providers/Microsoft.ContainerRegistry/registries/${params.registry}`;
  const registry = getResource(ctx, registryId);
  if (!registry) throw armErrors.parentNotFound(registryId);
  return getRun(ctx, registry, params.run ?? '');
}

export const armRoutes: readonly Route[] = [
  route(
    'registryRun',
    'GET',
    new RegExp(
      `${RG}/providers/Microsoft.ContainerRegistry/registries/(?<registry>[^/]+)/runs/(?<run>[^/]+)$`,
      'i',
    ),
    registryRun,
  ),
  route(
    'operationStatus',
    'GET',
    new RegExp(`${OPS}/operations/(?<id>[^/]+)$`, 'i'),
    operationStatus,
  ),
  route(
    'operationResult',
    'GET',
    new RegExp(`${OPS}/operationResults/(?<id>[^/]+)$`, 'i'),
    operationResult,
  ),
  route(
    'listResourceGroups',
    'GET',
    new RegExp(`${SUB}/resourcegroups/?$`, 'i'),
    listResourceGroups,
  ),
  route('putResourceGroup', 'PUT', new RegExp(`${RG}$`, 'i'), putResourceGroup),
  route('getResourceGroup', 'GET', new RegExp(`${RG}$`, 'i'), getResourceGroup),
  route('headResourceGroup', 'HEAD', new RegExp(`${RG}$`, 'i'), getResourceGroup),
  route('deleteResourceGroup', 'DELETE', new RegExp(`${RG}$`, 'i'), deleteResourceGroup),
  route('listResourcesInGroup', 'GET', new RegExp(`${RG}/resources$`, 'i'), listResourcesInGroup),
  route(
    'provider',
    '*',
    new RegExp(`${SUB}(/resourcegroups/[^/]+)?/providers/`, 'i'),
    providerHandler,
  ),
];

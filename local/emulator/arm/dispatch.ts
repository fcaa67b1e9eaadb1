// ARM's front door: a bearer token, then `api-version`, then the route table below, keyed by what
// the path addresses (request-target.ts) and the method. Every provider path goes through the
// generic store with the behaviour of its resource type.
import type { EmulatorContext } from '../core/context.js';
import type { EmuRequest, EmuResponse } from '../core/model.js';
import { recordRequest, serveWithFaults, type DispatchResult } from '../core/pipeline.js';
import { containerLogs } from '../providers/container-instance/container-logs.js';
import { getRun } from '../providers/container-registry/registry-tasks.js';
import {
  getDeletedVault,
  listDeletedVaults,
  purgeDeletedVault,
} from '../providers/key-vault/deleted-vaults.js';
import { isVaultObjectAssignment } from '../providers/authorization/vault-object-scopes.js';
import { behaviourFor } from '../providers/index.js';
import {
  getProvider,
  listProviders,
  registerProvider,
  requireRegistration,
} from '../providers/resources/resource-providers.js';
import type { BehaviourLookup } from './behaviour.js';
import { armErrors, armResponse } from './errors.js';
import { actionHandler, collectionHandler, getHandler, listTopLevel } from './generic-read.js';
import { deleteHandler, patchHandler, putHandler } from './generic-write.js';
import { operationResult, operationStatus } from './lro.js';
import { armTarget, type ArmTarget, type ArmTargetKind } from './request-target.js';
import {
  deleteResourceGroup,
  findResourceGroup,
  getResourceGroup,
  listResourceGroups,
  listResourcesInGroup,
  putResourceGroup,
} from './resource-groups.js';
import { key, parentId, type ArmPath } from './resource-id.js';
import { getResource } from './resource-store.js';

type TargetHandler<K extends ArmTargetKind> = (
  ctx: EmulatorContext,
  req: EmuRequest,
  target: Extract<ArmTarget, { kind: K }>,
) => EmuResponse;

type RouteTable = { [K in ArmTargetKind]: Partial<Record<string, TargetHandler<K>>> };

type GenericHandler = (
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
) => EmuResponse;

/** A generic-store handler for a provider path, with the registered type behaviours. */
const generic =
  (handler: GenericHandler) =>
  (ctx: EmulatorContext, req: EmuRequest, target: { path: ArmPath }): EmuResponse =>
    handler(ctx, req, target.path, behaviourFor);

export const armRoutes: RouteTable = {
  resourceGroupList: { GET: (ctx, _req, t) => listResourceGroups(ctx, t.subscription) },
  resourceGroup: {
    PUT: putResourceGroup,
    GET: getResourceGroup,
    HEAD: getResourceGroup,
    DELETE: (ctx, req, t) => deleteResourceGroup(ctx, req, t, behaviourFor),
  },
  resourcesInGroup: { GET: (ctx, _req, t) => listResourcesInGroup(ctx, t) },
  operationStatus: { GET: (ctx, _req, t) => operationStatus(ctx, t.operationId) },
  operationResult: { GET: (ctx, req, t) => operationResult(ctx, req, t.operationId) },
  registryRun: { GET: registryRun },
  containerLogs: { GET: (ctx, req, t) => containerLogs(ctx, req, t) },
  resourceProviders: { GET: (ctx, _req, t) => listProviders(ctx, t.subscription) },
  resourceProvider: { GET: (ctx, _req, t) => getProvider(ctx, t) },
  resourceProviderRegistration: { POST: (ctx, _req, t) => registerProvider(ctx, t) },
  deletedVaults: { GET: (ctx, _req, t) => listDeletedVaults(ctx, t.subscription) },
  deletedVault: { GET: (ctx, _req, t) => getDeletedVault(ctx, t) },
  deletedVaultPurge: { POST: (ctx, _req, t) => purgeDeletedVault(ctx, t) },
  providerList: { GET: generic(listTopLevel) },
  collection: { GET: generic(collectionHandler) },
  action: { POST: generic(actionHandler) },
  resource: {
    PUT: generic(putHandler),
    PATCH: generic(patchHandler),
    DELETE: generic(deleteHandler),
    GET: generic(getHandler),
  },
};

function registryRun(
  ctx: EmulatorContext,
  _req: EmuRequest,
  target: Extract<ArmTarget, { kind: 'registryRun' }>,
): EmuResponse {
  const registry = getResource(ctx, target.registryId);
  if (!registry) throw armErrors.parentNotFound(target.registryId);
  return getRun(ctx, registry, target.runId);
}

/** The resource group, the resource an extension hangs off, and the parent must exist. */
function checkScope(ctx: EmulatorContext, path: ArmPath): void {
  if (path.resourceGroup && !findResourceGroup(ctx, path.subscription, path.resourceGroup)) {
    throw armErrors.resourceGroupNotFound(path.resourceGroup);
  }
  const scopeIsResource = key(path.scope).includes('/providers/');
  if (scopeIsResource && !getResource(ctx, path.scope) && !isVaultObjectAssignment(ctx, path))
    throw armErrors.parentNotFound(path.scope);
  const parent = parentId(path);
  if (parent && !getResource(ctx, parent)) throw armErrors.parentNotFound(parent);
}

/**
 * The writes ARM routes to a resource provider: a PUT or PATCH of a resource and a POST action.
 * Their namespace must be registered for the subscription (resource-providers.ts). Reads and
 * DELETE are not refused: no document says ARM refuses them, and a subscription cannot hold a
 * resource of a namespace it is not registered for.
 */
const PROVIDER_WRITES: Partial<Record<ArmTargetKind, readonly string[]>> = {
  resource: ['PUT', 'PATCH'],
  action: ['POST'],
};

function route(ctx: EmulatorContext, req: EmuRequest): EmuResponse {
  const target = armTarget(req.method, req.path);
  if (!target) throw armErrors.noRoute(req.method, req.path);
  if ('path' in target && PROVIDER_WRITES[target.kind]?.includes(req.method))
    requireRegistration(ctx, target.path.subscription, target.path.namespace);
  if ('path' in target) checkScope(ctx, target.path);
  const byMethod = armRoutes[target.kind] as Partial<Record<string, TargetHandler<ArmTargetKind>>>;
  const handler = byMethod[req.method];
  if (!handler) throw armErrors.noRoute(req.method, req.path);
  return handler(ctx, req, target);
}

export function dispatchArm(ctx: EmulatorContext, req: EmuRequest): DispatchResult {
  ctx.settle();
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    const response = armErrors.unauthenticated().toResponse();
    recordRequest(ctx, req, response.status, 'arm');
    return { response, delayMs: 0 };
  }
  return serveWithFaults(ctx, req, 'arm', () =>
    req.query.get('api-version')
      ? armResponse(() => route(ctx, req))
      : armErrors.missingApiVersion().toResponse(),
  );
}

// What the plan's area builders share: the context they read and the helpers that build resources.
import type { EnvironmentSpec } from '../spec/index.js';
import { apiVersionOf, type ResourceType } from './api-versions.js';
import { planIds, type PlanIds } from './ids.js';
import { param } from './references.js';
import { ownershipTags } from './tags.js';
import type { JsonObject, PlanArea, PlannedResource, PlanOptions } from './types.js';

/** What every area builder reads: the spec, the options, every id and the ownership tags. */
export interface PlanContext {
  spec: EnvironmentSpec;
  options: PlanOptions;
  ids: PlanIds;
  tags: { [key: string]: string };
  /** The Entra tenant: inlined when given, otherwise resolved at deploy time. */
  tenantId: string;
}

export function planContext(spec: EnvironmentSpec, options: PlanOptions = {}): PlanContext {
  return {
    spec,
    options,
    ids: planIds(spec),
    tags: ownershipTags(spec),
    tenantId: options.tenantId ?? param('tenantId'),
  };
}

export interface ResourceInput {
  id: string;
  type: ResourceType;
  area: PlanArea;
  body: JsonObject;
  dependsOn?: string[];
  scope?: string;
}

/** A planned resource: the name is the id's last segment, the api-version comes from the table. */
export function planned(input: ResourceInput): PlannedResource {
  const name = input.id.slice(input.id.lastIndexOf('/') + 1);
  return {
    id: input.id,
    type: input.type,
    apiVersion: apiVersionOf(input.type),
    name,
    area: input.area,
    body: input.body,
    dependsOn: [...new Set(input.dependsOn ?? [])],
    ...(input.scope ? { scope: input.scope } : {}),
  };
}

/** `{ id }`: how ARM bodies point at another resource or sub-resource. */
export function idRef(id: string): JsonObject {
  return { id };
}

/** The identity block of a resource running as one user-assigned identity. */
export function userAssigned(identityId: string): JsonObject {
  return { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } };
}

// Types of the plan: planned ARM resources, their JSON bodies, and the options of a plan.
import type { ResourceType } from './api-versions.js';

/** A JSON value as it will be serialised into an ARM request body. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Which part of the architecture a resource belongs to; provisioning stages select by it. */
export type PlanArea =
  | 'identity'
  | 'network'
  | 'private-dns'
  | 'key-vault'
  | 'registry'
  | 'database'
  | 'gateway'
  | 'container-groups'
  | 'public-dns'
  | 'event-grid'
  | 'access'
  /** Run-once container groups (`Plan.runOnce`), never applied as resources the environment keeps. */
  | 'database-migration';

/**
 * One resource of the desired state. `body` is exactly what is PUT to `id` with `apiVersion`
 * (ARM wire format: `properties` nested, as the SDK serialises it), except for `${ref:…}` and
 * `${param:…}` tokens that the provisioning stage resolves first (see references.ts). Its top-level
 * keys are only location, tags, sku, identity and properties, so it is also a valid
 * GenericResource for `ResourcesClient.beginCreateOrUpdateById(id, apiVersion, body)`.
 */
export interface PlannedResource {
  /** Full ARM resource id; extension resources (role assignments) hang below their scope's id. */
  id: string;
  type: ResourceType;
  apiVersion: string;
  name: string;
  area: PlanArea;
  body: JsonObject;
  /** Ids of planned resources that must exist first; every referenced resource is listed. */
  dependsOn: string[];
  /** For an extension resource (a role assignment): the id of the resource it applies to. */
  scope?: string;
}

/** The whole environment's desired state, dependencies first. */
export interface Plan {
  environment: string;
  subscriptionId: string;
  resourceGroup: string;
  resources: PlannedResource[];
  /**
   * Run-once container groups (`restartPolicy: Never`): a stage creates each, waits until its
   * container has exited, reads its exit code and log, and deletes it. The environment does not
   * keep them, so apply and drift leave them out; their dependencies still order the stages.
   */
  runOnce: PlannedResource[];
  /** What the spec asks for that Azure documents as unsupported: shown, never failing. */
  warnings: PlanWarning[];
}

/** A choice the spec may make but Azure's documentation advises against, and why. */
export interface PlanWarning {
  code: 'NatGatewayDisabled' | 'ImageNotPinnedByDigest';
  /** The spec field that made the choice. */
  field: string;
  message: string;
}

/** Where Event Grid delivers container-group events. */
export type EventDestination =
  | { endpointType: 'AzureFunction'; resourceId: string }
  /** The URL must not carry a key (`code=`): the plan is stored and printed. */
  | { endpointType: 'WebHook'; endpointUrl: string };

export interface PlanOptions {
  /** Inlined instead of `${param:tenantId}` when known. */
  tenantId?: string;
  /** Default: the Functions app's Event Grid function, `${param:eventHandlerFunctionId}`. */
  eventDestination?: EventDestination;
  /** Container registry SKU; Basic unless told otherwise. */
  registrySku?: 'Basic' | 'Standard';
  /**
   * Roots (base64 DER) of the CAs behind the ACME directories the operator allowed
   * (ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS): the gateway's trusted roots for a spec naming one.
   */
  acmeTrustedRoots?: readonly string[];
  /**
   * The subnet this Functions app's outbound traffic leaves from (its VNet integration): Key
   * Vault's firewall lets it in next to the containers and gateway subnets. Absent locally, where
   * the emulator's callers are on loopback.
   */
  appOutboundSubnetId?: string;
}

// What a resource type may customise. Everything not customised follows the generic ARM store.
import { latencyOf, type Latency } from './latencies.js';
import type { ArmPath } from './resource-id.js';
import type { EmulatorContext } from '../core/context.js';
import type { ArmResource, EmuRequest, EmuResponse, OperationError } from '../core/model.js';

export type ActionHandler = (
  ctx: EmulatorContext,
  resource: ArmResource,
  req: EmuRequest,
  path: ArmPath,
) => EmuResponse;

export interface TypeBehaviour {
  /** `Namespace/type[/childType]`, as ARM spells it. */
  type: string;
  /** How long a create, an update and a delete take in Azure, with its source (latencies.ts). */
  latency: Latency;
  /** Weak (`W/"…"`, network RP) or strong (DNS) etags; none when absent. */
  etag?: 'weak' | 'strong';
  /**
   * What the RP calls this type in its 412 answers (`Record set`, `Zone`): set for the DNS and
   * Private DNS RPs, whose REST specs define If-Match / If-None-Match; others answer ARM's text.
   */
  conditionalNoun?: string;
  /** Tracked resources require `location`. */
  tracked?: boolean;
  /** Validates and completes a PUT body before it is stored; throws ArmError. */
  prepare?: (
    ctx: EmulatorContext,
    resource: ArmResource,
    existing: ArmResource | undefined,
  ) => void;
  /**
   * Provisioning that waits for something other than time (e.g. a webhook handshake): the PUT's
   * operation ends when `done` is called, failed when given an error.
   */
  provision?: (
    ctx: EmulatorContext,
    resource: ArmResource,
    done: (error?: { code: string; message: string }) => void,
  ) => void;
  /**
   * Checks made when the PUT's operation is due (e.g. a gateway fetching its Key Vault secrets):
   * an error fails the operation and leaves the resource `Failed`.
   */
  provisionCheck?: (ctx: EmulatorContext, resource: ArmResource) => OperationError | undefined;
  /** Runs when the PUT's operation completes (immediately when synchronous). */
  provisioned?: (ctx: EmulatorContext, resource: ArmResource) => void;
  /** Refuses a DELETE by throwing an ArmError. */
  beforeDelete?: (ctx: EmulatorContext, resource: ArmResource) => void;
  /** Runs when the resource is removed. */
  deleted?: (ctx: EmulatorContext, resource: ArmResource) => void;
  /** Computes the GET view from the stored resource (e.g. embedded children). */
  view?: (ctx: EmulatorContext, resource: ArmResource) => ArmResource;
  /** What a collection GET shows of the GET view, when it shows less (ACI lists no instance view). */
  listed?: (view: ArmResource) => ArmResource;
  /** POST `{id}/{action}` handlers. */
  actions?: Record<string, ActionHandler>;
  /**
   * GET `{scope}/providers/{ns}/{type}` when the collection is not every resource of the type
   * below the scope (role assignments: at, above or below it, by `$filter`). Throws ArmError.
   */
  listAtScope?: (ctx: EmulatorContext, req: EmuRequest, scope: string) => ArmResource[];
  /** GET `{id}/{collection}` handlers that are not plain child lists. */
  collections?: Record<string, ActionHandler>;
  /** `provisioningState` while a PUT runs; default `Creating` for new resources, `Updating` otherwise. */
  pendingState?: string;
  /** Error code of the operation a newer PUT supersedes (Network RP), instead of running both. */
  supersedeName?: string;
}

export type BehaviourLookup = (type: string) => TypeBehaviour;

/**
 * Resource type → behaviour. Types without an entry use the generic store with their latency
 * (latencies.ts: a few seconds, like most Azure resource providers, unless listed).
 */
export function behaviourTable(behaviours: readonly TypeBehaviour[]): BehaviourLookup {
  const byType = new Map(behaviours.map((b) => [b.type.toLowerCase(), b]));
  return (type) => byType.get(type.toLowerCase()) ?? { type, latency: latencyOf(type) };
}

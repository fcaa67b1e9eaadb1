/**
 * The one path by which this app writes an Application Gateway, used by the deployment's gateway
 * stage and by the reconciler alike (which of them may write when: gateway-writers.ts): read it,
 * compute the whole body from what was read, PUT it If-Match the etag it was read with, and on 412
 * (someone wrote in between) start again from a fresh read. A gateway PUT replaces the whole
 * resource and takes minutes, so a write based on a stale read would silently undo the other
 * writer's change. A gateway that exists without this environment's ownership tags is never
 * written (ownership.ts), however it got there.
 * https://learn.microsoft.com/rest/api/application-gateway/application-gateways/create-or-update
 *
 * No PUT while an operation on the gateway runs: its provisioningState is then neither Succeeded,
 * Failed nor Canceled ("The value can vary by operation but doesn't include Succeeded, Failed, or
 * Canceled. Those three values indicate the operation finished",
 * articles/azure-resource-manager/management/async-operations.md), and a PUT then cancels the
 * running one: "if customer performed multiple PUT operations in quick succession on the same
 * appgw resource, then the previous one gets cancelled and superseded by the new one … We can
 * add some time sleeps to wait for previous PUT calls to complete as a workaround" (Azure/azure-cli
 * #21156, the service team's answer; the error is `Canceled` /
 * `CanceledAndSupersededDueToAnotherOperation`). The writer answers `busy` instead, and its
 * workflow waits with Durable timers, never in the activity.
 */

import type { ArmResource } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import { classifyFailure } from '../errors.js';
import { apiVersionOf, driftOf, planIds, resourceChange, type JsonObject } from '../plan/index.js';
import { GATEWAY_WRITE_ATTEMPTS } from '../retry-policies.js';
import type { EnvironmentContext } from './context.js';
import { notOwned, ownershipMarks, tagsProblem } from './ownership.js';

/** From the gateway as read (undefined when it does not exist) to the body to PUT, or undefined to write nothing. */
export type GatewayChange = (current: ArmResource | undefined) => JsonObject | undefined;

export interface GatewayWrite {
  /** Whether a PUT was sent and succeeded. */
  written: boolean;
  /** What differed before the write; `(absent)` when the gateway did not exist. */
  drift: string[];
  /** The gateway as it is now (undefined only when it does not exist and nothing was written). */
  resource: ArmResource | undefined;
}

/** Nothing read or written: an operation on the gateway still runs; try again later. */
export interface GatewayBusy {
  busy: string;
}

const GATEWAY_TYPE = 'Microsoft.Network/applicationGateways';
const GATEWAY_API = apiVersionOf(GATEWAY_TYPE);

/** ARM's terminal provisioning states (async-operations.md); no value at all means finished too. */
const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

/** Why the gateway cannot be written now (an operation on it runs), or undefined. */
export function gatewayBusy(gateway: ArmResource | undefined): string | undefined {
  const state = gateway?.properties?.provisioningState;
  if (typeof state !== 'string' || FINISHED.has(state.toLowerCase())) return undefined;
  return `${shortId(gateway?.id ?? 'applicationGateways')} is ${state}: an operation on it still runs, and a PUT now would cancel it`;
}

export async function writeGateway(
  ctx: EnvironmentContext,
  change: GatewayChange,
): Promise<GatewayWrite | GatewayBusy> {
  const id = planIds(ctx.spec).gateway;
  const store = ctx.apply.store;
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(id, GATEWAY_API);
    const busy = gatewayBusy(current);
    if (busy) return { busy };
    const desired = change(current);
    // The deployment's one comparison (a gateway whose last PUT failed is written again).
    const drift = desired ? driftOf(resourceChange(GATEWAY_TYPE, desired, current)) : [];
    if (!desired || drift.length === 0) return { written: false, drift: [], resource: current };
    requireOwnGateway(ctx, id, current);
    ctx.log(
      `${current ? 'updating' : 'creating'} ${shortId(id)}${current ? ` (${drift.slice(0, 3).join(', ')})` : ''}`,
    );
    try {
      const resource = await store.put(id, GATEWAY_API, desired, { ifMatch: current?.etag });
      ctx.apply.known.set(id.toLowerCase(), resource);
      return { written: true, drift, resource };
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.kind !== 'conflict' || attempt >= GATEWAY_WRITE_ATTEMPTS) throw error;
      ctx.log(`${shortId(id)} changed since it was read (${failure.code}); reading it again`);
    }
  }
}

/** An existing gateway is written only when it carries this environment's tags (ownership.ts). */
function requireOwnGateway(ctx: EnvironmentContext, id: string, current: ArmResource | undefined) {
  const problem = current && tagsProblem(current, ownershipMarks(ctx.spec.name));
  if (problem) throw notOwned({ id }, ctx.spec.name, { kind: 'tags' }, problem);
}

/** The parts of a resource as read that a PUT may send back: ARM ignores the read-only rest. */
export function writableBody(resource: ArmResource): JsonObject {
  const body: Record<string, unknown> = {};
  for (const key of ['location', 'tags', 'identity', 'zones', 'sku', 'properties'] as const) {
    if (resource[key as keyof ArmResource] !== undefined)
      body[key] = resource[key as keyof ArmResource];
  }
  return structuredClone(body) as JsonObject;
}

/**
 * The one path by which this app writes an Application Gateway, used by the deployment's gateway
 * stage and by the reconciler alike: read it, compute the whole body from what was read, PUT it
 * If-Match the etag it was read with, and on 412 (someone wrote in between) start again from a
 * fresh read. A gateway PUT replaces the whole resource and takes minutes, so a write based on a
 * stale read would silently undo the other writer's change.
 * https://learn.microsoft.com/rest/api/application-gateway/application-gateways/create-or-update
 */

import type { ArmResource } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import { classifyFailure } from '../errors.js';
import { apiVersionOf, bodyDrift, planIds, type JsonObject } from '../plan/index.js';
import { GATEWAY_WRITE_ATTEMPTS } from '../retry-policies.js';
import type { EnvironmentContext } from './context.js';

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

const GATEWAY_API = apiVersionOf('Microsoft.Network/applicationGateways');

export async function writeGateway(
  ctx: EnvironmentContext,
  change: GatewayChange,
): Promise<GatewayWrite> {
  const id = planIds(ctx.spec).gateway;
  const store = ctx.apply.store;
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(id, GATEWAY_API);
    const desired = change(current);
    const drift = desired ? (current ? bodyDrift(desired, current) : ['(absent)']) : [];
    if (!desired || drift.length === 0) return { written: false, drift: [], resource: current };
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

/** The parts of a resource as read that a PUT may send back: ARM ignores the read-only rest. */
export function writableBody(resource: ArmResource): JsonObject {
  const body: Record<string, unknown> = {};
  for (const key of ['location', 'tags', 'identity', 'zones', 'sku', 'properties'] as const) {
    if (resource[key as keyof ArmResource] !== undefined)
      body[key] = resource[key as keyof ArmResource];
  }
  return structuredClone(body) as JsonObject;
}

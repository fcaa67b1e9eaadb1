// Generic ARM resource store (GET, PUT, DELETE by id) through which the plan is applied.
import type { GenericResource, Resources } from '@azure/arm-resources';
import { requireTimeFor, type ActivityDeadline } from '../activity-deadline.js';
import { toAppError } from './azure-error.js';
import { untilDone } from './bounded-poll.js';
import { lazyArmClient, pollOptions, type AzureConnection } from './connection.js';
import { createResourceLister, type ResourceLister } from './resource-lists.js';

/**
 * A resource as ARM returns it: the body we sent plus read-only values (ids, states, IPs), and the
 * etag of resource types that have one (the SDK keeps body properties its model does not name).
 */
export type ArmResource = GenericResource & {
  id?: string;
  properties?: Record<string, unknown>;
  etag?: string;
};

export interface PutOptions {
  /** Sent as If-Match: ARM answers 412 (a conflict) when the resource changed since it was read. */
  ifMatch?: string;
  /** Sent as If-None-Match (`*`): the RP answers 412 when the resource exists already. */
  ifNoneMatch?: '*';
}

export interface DeleteOptions {
  /** Sent as If-Match: the RP answers 412 when the resource changed since it was read. */
  ifMatch?: string;
}

/**
 * The conditional headers of a write. Only RPs whose REST spec defines them honour them (the DNS
 * and Private DNS RPs, the Network RP for the gateway); the caller decides when to send them.
 */
function conditionalHeaders(options: PutOptions): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.ifNoneMatch) headers['if-none-match'] = options.ifNoneMatch;
  return Object.keys(headers).length > 0 ? headers : undefined;
}

function withHeaders(headers: Record<string, string> | undefined) {
  return headers ? { requestOptions: { customHeaders: headers } } : {};
}

/**
 * Generic ARM resource operations by id, for the plan's wire-format bodies (one api-version per
 * type from src/plan). 404 on GET is "absent", 404 on DELETE is success. With a deadline (the
 * activity's budget), every call refuses to start once it has passed and a long-running
 * operation is polled only until then: both throw `StillRunning` (activity-deadline.ts).
 */
export interface ResourceStore extends ResourceLister {
  get(id: string, apiVersion: string): Promise<ArmResource | undefined>;
  /**
   * PUT and wait for the long-running operation (at most until the deadline); returns the final
   * resource. 412 (a precondition of `options` failed) is a conflict with code PreconditionFailed.
   */
  put(
    id: string,
    apiVersion: string,
    body: Record<string, unknown>,
    options?: PutOptions,
  ): Promise<ArmResource>;
  /** DELETE and wait; 404 is success, 412 (If-Match failed) a conflict. */
  delete(id: string, apiVersion: string, options?: DeleteOptions): Promise<void>;
}

type ResourcesApi = Pick<Resources, 'getById' | 'beginCreateOrUpdateById' | 'beginDeleteById'>;

export function createResourceStore(
  connection: AzureConnection,
  subscriptionId: string,
  deadline?: ActivityDeadline,
): ResourceStore {
  const client = lazyArmClient(
    async () => (await import('@azure/arm-resources')).ResourceManagementClient,
    connection,
    subscriptionId,
  );
  const api: ResourcesApi = {
    getById: async (...call) => (await client()).resources.getById(...call),
    beginCreateOrUpdateById: async (...call) =>
      (await client()).resources.beginCreateOrUpdateById(...call),
    beginDeleteById: async (...call) => (await client()).resources.beginDeleteById(...call),
  };
  return {
    ...resourceStore(api, pollOptions(connection), deadline),
    ...createResourceLister(connection, deadline),
  };
}

/** GET, PUT and DELETE by id over `api` (createResourceStore adds the collection GETs). */
export function resourceStore(
  api: ResourcesApi,
  poll: { updateIntervalInMs?: number } = {},
  deadline?: ActivityDeadline,
): Omit<ResourceStore, 'list'> {
  return {
    async get(id, apiVersion) {
      requireTimeFor(deadline, `GET ${shortId(id)}`);
      try {
        return await api.getById(id, apiVersion);
      } catch (error) {
        const failure = toAppError(error, `GET ${shortId(id)}`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
    },
    async put(id, apiVersion, body, options = {}) {
      const what = `PUT ${shortId(id)}`;
      requireTimeFor(deadline, what);
      try {
        const poller = await api.beginCreateOrUpdateById(id, apiVersion, body, {
          ...poll,
          ...withHeaders(conditionalHeaders(options)),
        });
        return await untilDone(what, poller, deadline);
      } catch (error) {
        throw toAppError(error, what);
      }
    },
    async delete(id, apiVersion, options = {}) {
      const what = `DELETE ${shortId(id)}`;
      requireTimeFor(deadline, what);
      try {
        const poller = await api.beginDeleteById(id, apiVersion, {
          ...poll,
          ...withHeaders(conditionalHeaders(options)),
        });
        await untilDone(what, poller, deadline);
      } catch (error) {
        const failure = toAppError(error, what);
        if (failure.kind !== 'not-found') throw failure;
      }
    },
  };
}

/** `containerGroups/ci-x-app-1`: enough to find the resource, short enough for a log line. */
export function shortId(id: string): string {
  const afterProvider = id.split('/providers/').at(-1) ?? id;
  const parts = afterProvider.split('/').slice(1);
  return parts.join('/');
}

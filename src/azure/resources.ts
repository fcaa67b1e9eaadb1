// Generic ARM resource store (GET, PUT, DELETE by id) through which the plan is applied.
import {
  ResourceManagementClient,
  type GenericResource,
  type Resources,
} from '@azure/arm-resources';
import { requireTimeFor, type ActivityDeadline } from '../activity-deadline.js';
import { toAppError } from './azure-error.js';
import { untilDone } from './bounded-poll.js';
import { pollOptions, type AzureConnection } from './connection.js';

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
}

/**
 * Generic ARM resource operations by id, for the plan's wire-format bodies (one api-version per
 * type from src/plan). 404 on GET is "absent", 404 on DELETE is success. With a deadline (the
 * activity's budget), every call refuses to start once it has passed and a long-running
 * operation is polled only until then: both throw `StillRunning` (activity-deadline.ts).
 */
export interface ResourceStore {
  get(id: string, apiVersion: string): Promise<ArmResource | undefined>;
  /**
   * PUT and wait for the long-running operation (at most until the deadline); returns the final
   * resource. 412 is a conflict.
   */
  put(
    id: string,
    apiVersion: string,
    body: Record<string, unknown>,
    options?: PutOptions,
  ): Promise<ArmResource>;
  delete(id: string, apiVersion: string): Promise<void>;
}

type ResourcesApi = Pick<Resources, 'getById' | 'beginCreateOrUpdateById' | 'beginDeleteById'>;

export function createResourceStore(
  connection: AzureConnection,
  subscriptionId: string,
  deadline?: ActivityDeadline,
): ResourceStore {
  const client = new ResourceManagementClient(
    connection.credential,
    subscriptionId,
    connection.armOptions,
  );
  return resourceStore(client.resources, pollOptions(connection), deadline);
}

export function resourceStore(
  api: ResourcesApi,
  poll: { updateIntervalInMs?: number } = {},
  deadline?: ActivityDeadline,
): ResourceStore {
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
      const headers = options.ifMatch ? { 'if-match': options.ifMatch } : undefined;
      try {
        const poller = await api.beginCreateOrUpdateById(id, apiVersion, body, {
          ...poll,
          ...(headers ? { requestOptions: { customHeaders: headers } } : {}),
        });
        return await untilDone(what, poller, deadline);
      } catch (error) {
        throw toAppError(error, what);
      }
    },
    async delete(id, apiVersion) {
      const what = `DELETE ${shortId(id)}`;
      requireTimeFor(deadline, what);
      try {
        await untilDone(what, await api.beginDeleteById(id, apiVersion, poll), deadline);
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

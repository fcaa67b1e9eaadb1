// Collection GETs of ARM: every resource of one type under a scope in one request per page, where
// reading them one by one would cost a request each (the reconciler's container groups and A
// records; ARM throttles reads per subscription and principal, request-limits-and-throttling.md).
import type { ActivityDeadline } from '../activity-deadline.js';
import { requireTimeFor } from '../activity-deadline.js';
import { AppError } from '../errors.js';
import { toAppError } from './azure-error.js';
import type { AzureConnection } from './connection.js';
import { armServiceClient, AZURE_RESOURCE_MANAGER } from './arm-request.js';
import type { ArmResource } from './resources.js';

/** More pages than any collection this app lists can have: a nextLink that never ends is a bug. */
const MAX_PAGES = 1000;

export interface ResourceLister {
  /**
   * Every resource of the collection `collectionId`, such as
   * `/subscriptions/…/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups`
   * (ContainerGroups_ListByResourceGroup) or `…/privateDnsZones/zone/A` (RecordSets_ListByType),
   * following `nextLink` to the last page ("x-ms-pageable" with `nextLinkName: nextLink` in both
   * REST specs). A list shows what the resource provider lists, which may be less than a GET:
   * ACI lists no instance view (src/environments/group-listing.ts). Undefined when ARM answers
   * 404: the scope (resource group, zone) does not exist. `filter` is sent as `$filter`, for
   * the collections whose REST spec defines one (role assignments: `principalId eq '{id}'`).
   */
  list(
    collectionId: string,
    apiVersion: string,
    filter?: string,
  ): Promise<ArmResource[] | undefined>;
}

/** One page's answer: the HTTP status and the parsed body. */
export type PageFetcher = (url: string) => Promise<{ status: number; body: unknown }>;

interface Page {
  value?: ArmResource[];
  nextLink?: string | null;
  error?: { code?: string; message?: string };
}

/**
 * The lister over `fetchPage`. A `nextLink` must point at `endpoint`'s origin: the page is fetched
 * with the app's ARM token, which goes nowhere else.
 */
export function resourceLister(
  endpoint: string,
  fetchPage: PageFetcher,
  deadline?: ActivityDeadline,
): ResourceLister {
  const origin = new URL(endpoint).origin;
  return {
    async list(collectionId, apiVersion, filter) {
      const what = `GET ${collectionId.split('/providers/').at(-1) ?? collectionId}`;
      const resources: ArmResource[] = [];
      const query = filter === undefined ? '' : `&$filter=${encodeURIComponent(filter)}`;
      let url: string | undefined = `${origin}${collectionId}?api-version=${apiVersion}${query}`;
      for (let page = 1; url; page++) {
        if (page > MAX_PAGES) throw tooManyPages(what);
        if (new URL(url).origin !== origin) throw foreignNextLink(what, url);
        requireTimeFor(deadline, what);
        const { status, body } = await fetchPage(url);
        const answer = (body ?? {}) as Page;
        if (status === 404 && page === 1) return undefined;
        if (status >= 400) throw failure(what, status, answer);
        resources.push(...(answer.value ?? []));
        url = answer.nextLink ?? undefined;
      }
      return resources;
    },
  };
}

function failure(what: string, status: number, answer: Page): AppError {
  const code = answer.error?.code ?? `HTTP${status}`;
  return toAppError(
    Object.assign(new Error(answer.error?.message ?? `HTTP ${status}`), {
      name: 'RestError',
      statusCode: status,
      code,
    }),
    what,
  );
}

function foreignNextLink(what: string, url: string): AppError {
  return new AppError(
    'unexpected',
    'ForeignNextLink',
    `${what}: the next page is at ${new URL(url).origin}, not at Azure Resource Manager's endpoint; it was not fetched`,
  );
}

function tooManyPages(what: string): AppError {
  return new AppError(
    'unexpected',
    'EndlessList',
    `${what}: still more pages after ${MAX_PAGES}; the list was abandoned`,
  );
}

/** The lister through the app's ARM connection: its credential, CA and retry policy. */
export function createResourceLister(
  connection: AzureConnection,
  deadline?: ActivityDeadline,
): ResourceLister {
  const endpoint = connection.armOptions.endpoint ?? AZURE_RESOURCE_MANAGER;
  const client = armServiceClient(connection);
  return resourceLister(
    endpoint,
    async (url) => {
      const { createPipelineRequest } = await import('@azure/core-rest-pipeline');
      try {
        const response = await (await client()).sendRequest(createPipelineRequest({ url }));
        const text = response.bodyAsText;
        return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      } catch (error) {
        throw toAppError(error, `GET ${url.split('?')[0]?.split('/providers/').at(-1) ?? url}`);
      }
    },
    deadline,
  );
}

// The Durable Functions HTTP API under /runtime/webhooks/durabletask: what the app's df.getClient()
// calls (startNew, getStatus, getStatusAll, raiseEvent, terminate, purgeInstanceHistory) and what
// the URLs of createHttpManagementPayload point at. The API's other operations answer 501.
// https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-http-api
import type { HostRequest, HostResponse } from '../http-types.js';
import { jsonResponse, parseJsonBody, textResponse } from '../http-types.js';
import { isAuthorized } from '../keys.js';
import type { Registry } from '../registry.js';
import type { HostKeys } from '../settings.js';
import { managementPayload, webhookPath } from './client-data.js';
import type { ControlResult, DurableEngine } from './engine.js';
import { toJsonText } from './history-events.js';
import { statusCode, statusDocument } from './status.js';

export interface ClientApiDeps {
  readonly engine: DurableEngine;
  readonly registry: Registry;
  readonly keys: HostKeys;
  readonly hubName: string;
  readonly newInstanceId: () => string;
}

type Route = (req: HostRequest, parts: string[], deps: ClientApiDeps) => HostResponse;

export function createClientApi(deps: ClientApiDeps) {
  return (req: HostRequest): HostResponse => {
    // The system key of the Durable extension in Azure; the master key stands in for it here.
    if (!isAuthorized('admin', deps.keys, { headers: req.headers, query: req.url.searchParams })) {
      return { status: 401 };
    }
    const rest = req.url.pathname
      .slice(webhookPath.length)
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const unsupported = unsupportedOperation(req.method, rest, req.url.searchParams);
    if (unsupported) return textResponse(501, `The local host does not support ${unsupported}.`);
    const route = pickRoute(req.method, rest);
    return route ? route(req, rest, deps) : textResponse(404, 'Not Found');
  };
}

const listFilters = ['runtimeStatus', 'createdTimeFrom', 'createdTimeTo'];
const instanceOperations = new Set(['suspend', 'resume', 'rewind', 'restart']);

/**
 * Operations of the HTTP API the app does not use, by name. They answer 501 because
 * durable-functions' client reads a 404 as "no such entity" (readEntityState) or "no such
 * instance" (suspend, resume), and would read an unfiltered list as a filtered one.
 */
function unsupportedOperation(
  method: string,
  parts: string[],
  query: URLSearchParams,
): string | undefined {
  const [collection, , action = ''] = parts;
  if (collection === 'entities') return 'Durable entities (signalEntity, readEntityState)';
  if (collection !== 'instances') return undefined;
  if (parts.length === 1 && method === 'DELETE') return 'purgeInstanceHistoryBy';
  if (parts.length === 1 && listFilters.some((f) => query.has(f))) return 'getStatusBy filters';
  if (parts.length === 3 && method === 'POST' && instanceOperations.has(action)) return action;
  return undefined;
}

function pickRoute(method: string, parts: string[]): Route | undefined {
  const [collection, , action] = parts;
  if (collection === 'orchestrators' && method === 'POST' && parts.length <= 3) return startNew;
  if (collection !== 'instances') return undefined;
  if (parts.length === 1) return method === 'GET' ? listInstances : undefined;
  if (parts.length === 2)
    return method === 'GET' ? getStatus : method === 'DELETE' ? purgeOne : undefined;
  if (method !== 'POST') return undefined;
  if (action === 'raiseEvent' && parts.length === 4) return raiseEvent;
  if (action === 'terminate' && parts.length === 3) return terminate;
  return undefined;
}

const startNew: Route = (req, [, name = '', id], deps) => {
  const fn = deps.registry.get(name);
  if (!fn || fn.kind !== 'orchestration') {
    return textResponse(
      400,
      `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
    );
  }
  const body = parseJsonBody(req);
  if (body instanceof Error) return textResponse(400, body.message);
  const instanceId = id ?? deps.newInstanceId();
  const started = deps.engine.start(fn.name, instanceId, toJsonText(body));
  if (!started.ok) return textResponse(409, started.reason);
  const payload = managementPayload(req.url.origin, deps.hubName, deps.keys.master, instanceId);
  return jsonResponse(202, payload, { location: String(payload.statusQueryGetUri) });
};

const getStatus: Route = (req, [, id = ''], deps) => {
  const snapshot = deps.engine.status(id);
  if (!snapshot) return { status: 404 };
  const q = req.url.searchParams;
  const doc = statusDocument(snapshot, {
    showInput: q.get('showInput') !== 'false',
    showHistory: q.get('showHistory') === 'true',
    showHistoryOutput: q.get('showHistoryOutput') === 'true',
  });
  const code = statusCode(snapshot.status);
  return jsonResponse(code, doc, code === 202 ? { location: req.url.href } : {});
};

const listInstances: Route = (req, _parts, deps) => {
  const showInput = req.url.searchParams.get('showInput') === 'true';
  const docs = deps.engine
    .list()
    .map((s) => statusDocument(s, { showInput, showHistory: false, showHistoryOutput: false }));
  return jsonResponse(200, docs);
};

const purgeOne: Route = (_req, [, id = ''], deps) => {
  const result = deps.engine.purge(id);
  if (result === 'notFound') return { status: 404 };
  if (result === 'conflict')
    return textResponse(409, `Instance '${id}' is still running; terminate it first.`);
  return jsonResponse(200, { instancesDeleted: 1 });
};

const raiseEvent: Route = (req, [, id = '', , eventName = ''], deps) => {
  const body = parseJsonBody(req);
  if (body instanceof Error) return textResponse(400, body.message);
  return controlResponse(deps.engine.raiseEvent(id, eventName, toJsonText(body)), id);
};

const terminate: Route = (req, [, id = ''], deps) =>
  controlResponse(deps.engine.terminate(id, req.url.searchParams.get('reason') ?? ''), id);

function controlResponse(result: ControlResult, id: string): HostResponse {
  switch (result) {
    case 'accepted':
      return { status: 202 };
    case 'notFound':
      return textResponse(404, `No instance with ID '${id}' found.`);
    case 'gone':
      return textResponse(410, `Instance '${id}' has already finished.`);
    case 'conflict':
      return textResponse(409, `Instance '${id}' is run by another host process.`);
  }
}

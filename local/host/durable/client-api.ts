// The Durable Functions HTTP API under /runtime/webhooks/durabletask: what df.getClient() calls
// (startNew, getStatus, raiseEvent, terminate, purgeInstanceHistory) and what the status URLs of
// createCheckStatusResponse point at.
// https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-http-api
import { randomUUID } from 'node:crypto';
import type { HostRequest, HostResponse } from '../http-types.js';
import { jsonResponse, parseJsonBody, textResponse } from '../http-types.js';
import { isSystemAuthorized } from '../keys.js';
import type { Registry } from '../registry.js';
import type { HostKeys } from '../settings.js';
import { managementPayload, webhookPath } from './client-data.js';
import type { ControlResult, DurableEngine } from './engine.js';
import { schedulerId } from './entity-runner.js';
import { toJsonText } from './history-events.js';
import type { RuntimeStatus } from './history-store.js';
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
    if (!isSystemAuthorized(deps.keys, { headers: req.headers, query: req.url.searchParams })) {
      return { status: 401 };
    }
    const rest = req.url.pathname
      .slice(webhookPath.length)
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const route = pickRoute(req.method, rest);
    return route ? route(req, rest, deps) : textResponse(404, 'Not Found');
  };
}

function pickRoute(method: string, parts: string[]): Route | undefined {
  const [collection, , action] = parts;
  if (collection === 'orchestrators' && method === 'POST' && parts.length <= 3) return startNew;
  if (collection === 'entities' && parts.length === 3) {
    return method === 'POST' ? signalEntity : method === 'GET' ? readEntity : undefined;
  }
  if (collection !== 'instances') return undefined;
  if (parts.length === 1)
    return method === 'GET' ? listInstances : method === 'DELETE' ? purgeMany : undefined;
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
  const q = req.url.searchParams;
  const docs = filtered(req, deps).map((s) =>
    statusDocument(s, {
      showInput: q.get('showInput') === 'true',
      showHistory: false,
      showHistoryOutput: false,
    }),
  );
  const top = Number(q.get('top') ?? docs.length);
  return jsonResponse(200, docs.slice(0, top > 0 ? top : docs.length));
};

const purgeOne: Route = (_req, [, id = ''], deps) => {
  const result = deps.engine.purge(id);
  if (result === 'notFound') return { status: 404 };
  if (result === 'conflict')
    return textResponse(409, `Instance '${id}' is still running; terminate it first.`);
  return jsonResponse(200, { instancesDeleted: 1 });
};

const purgeMany: Route = (req, _parts, deps) => {
  const deleted = filtered(req, deps).filter((s) => deps.engine.purge(s.instanceId) === 'accepted');
  return deleted.length === 0
    ? { status: 404 }
    : jsonResponse(200, { instancesDeleted: deleted.length });
};

const raiseEvent: Route = (req, [, id = '', , eventName = ''], deps) => {
  const body = parseJsonBody(req);
  if (body instanceof Error) return textResponse(400, body.message);
  return controlResponse(deps.engine.raiseEvent(id, eventName, toJsonText(body)), id);
};

const terminate: Route = (req, [, id = ''], deps) =>
  controlResponse(deps.engine.terminate(id, req.url.searchParams.get('reason') ?? ''), id);

const signalEntity: Route = (req, [, name = '', key = ''], deps) => {
  const id = schedulerId(name, key);
  if (!deps.engine.entities.isRegistered(id))
    return textResponse(404, `No entity function named '${name}'.`);
  const body = parseJsonBody(req);
  if (body instanceof Error) return textResponse(400, body.message);
  const op = req.url.searchParams.get('op') ?? '';
  const input = body === undefined ? undefined : toJsonText(body);
  deps.engine.entities.enqueue(id, { id: randomUUID(), op, input, signal: true });
  return { status: 202 };
};

const readEntity: Route = (_req, [, name = '', key = ''], deps) => {
  const { exists, state } = deps.engine.entities.read(schedulerId(name, key));
  if (!exists) return { status: 404 };
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: state ?? 'null',
  };
};

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

function filtered(req: HostRequest, deps: ClientApiDeps) {
  const q = req.url.searchParams;
  const statuses = q.get('runtimeStatus')?.split(',').filter(Boolean) as
    RuntimeStatus[] | undefined;
  const from = q.get('createdTimeFrom');
  const to = q.get('createdTimeTo');
  return deps.engine
    .list()
    .filter(
      (s) =>
        (!statuses || statuses.length === 0 || statuses.includes(s.status)) &&
        (!from || Date.parse(s.createdTime) >= Date.parse(from)) &&
        (!to || Date.parse(s.createdTime) <= Date.parse(to)),
    );
}

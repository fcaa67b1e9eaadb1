// HTTP triggers: the declared routes under the host.json prefix, `methods`, `authLevel`, and the
// request and response mapped through @azure/functions' own HttpRequest and HttpResponse.
import { HttpRequest, HttpResponse } from './azure-functions.js';
import { compileRoute, matchRoute, routeTable } from './http-routes.js';
import type { CompiledRoute } from './http-routes.js';
import type { HostRequest, HostResponse } from './http-types.js';
import { textResponse } from './http-types.js';
import { invoke } from './invoke.js';
import { isAuthorized, toAuthLevel } from './keys.js';
import type { HostKeys } from './settings.js';
import type { FunctionRegistration, HostLogger } from './types.js';

export interface HttpTriggerDeps {
  readonly functions: readonly FunctionRegistration[];
  readonly keys: HostKeys;
  readonly logger: HostLogger;
  readonly inputsFor: (fn: FunctionRegistration, req: HostRequest) => Record<string, unknown>;
}

export type HttpTriggerHandler = (req: HostRequest, path: string) => Promise<HostResponse>;

export function createHttpTrigger(deps: HttpTriggerDeps): HttpTriggerHandler {
  const table = httpRoutes(deps.functions);
  return async (req, path) => {
    const match = matchRoute(table, path, (fn) => allowsMethod(fn, req.method));
    if (!match) return textResponse(404, 'Not Found');
    const fn = match.route.target;
    if (
      !isAuthorized(toAuthLevel(fn.trigger.authLevel), deps.keys, {
        headers: req.headers,
        query: req.url.searchParams,
      })
    ) {
      return { status: 401 };
    }
    return runHttpFunction(fn, req, match.params, deps);
  };
}

/** The compiled table, for listing routes at startup. */
export function httpRoutes(
  functions: readonly FunctionRegistration[],
): CompiledRoute<FunctionRegistration>[] {
  return routeTable(functions.map((fn) => compileRoute(routeOf(fn), fn)));
}

async function runHttpFunction(
  fn: FunctionRegistration,
  req: HostRequest,
  params: Record<string, string>,
  deps: HttpTriggerDeps,
): Promise<HostResponse> {
  const request = new HttpRequest({
    method: req.method,
    url: req.url.href,
    body: { bytes: req.body },
    headers: Object.fromEntries(
      Object.entries(req.headers).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    query: Object.fromEntries(req.url.searchParams),
    params,
  });
  const result = await invoke(fn, request, {
    logger: deps.logger,
    extraInputs: deps.inputsFor(fn, req),
  });
  if (!result.ok) return { status: 500 };
  return toHostResponse(result.value);
}

async function toHostResponse(value: unknown): Promise<HostResponse> {
  if (value === undefined || value === null) return { status: 204 };
  const response = value instanceof HttpResponse ? value : new HttpResponse(value);
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const cookies = response.cookies.map((c) => `${c.name}=${c.value}`);
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}

function allowsMethod(fn: FunctionRegistration, method: string): boolean {
  const methods = Array.isArray(fn.trigger.methods)
    ? (fn.trigger.methods as string[])
    : ['GET', 'POST'];
  return methods.some((m) => m.toUpperCase() === method.toUpperCase());
}

function routeOf(fn: FunctionRegistration): string {
  return typeof fn.trigger.route === 'string' ? fn.trigger.route : fn.name;
}

// The host's admin routes, master key only: `POST /admin/functions/NAME` runs a timer or Event
// Grid function now (how tests and people fire a timer, as with the real host), `GET
// /admin/functions` lists what was registered, `GET /admin/host/status` says the host is up.
// https://learn.microsoft.com/azure/azure-functions/functions-manually-run-non-http: "APIs under
// the /admin/ path are only accessible with authorization", with the master key in
// `x-functions-key`; the route is for functions "indirectly triggered", "on a schedule or ... as
// the result of events". Activities are not: "The activity trigger enables you to author functions
// that are called by orchestrator functions" (durable/durable-functions-bindings.md), so running
// one here would act outside any orchestration, with inputs no orchestrator chose.
import type { HostRequest, HostResponse } from './http-types.js';
import { jsonResponse, parseJsonBody, textResponse } from './http-types.js';
import { invoke } from './invoke.js';
import { isAuthorized } from './keys.js';
import type { Registry } from './registry.js';
import type { HostKeys } from './settings.js';
import type { TimerRunner } from './timer-trigger.js';
import type { FunctionRegistration, HostLogger } from './types.js';

export interface AdminDeps {
  readonly registry: Registry;
  readonly keys: HostKeys;
  readonly timers: TimerRunner;
  readonly logger: HostLogger;
  readonly inputsFor: (fn: FunctionRegistration) => Record<string, unknown>;
}

export function createAdmin(deps: AdminDeps) {
  return async (req: HostRequest): Promise<HostResponse> => {
    if (!isAuthorized('admin', deps.keys, { headers: req.headers, query: req.url.searchParams })) {
      return { status: 401 };
    }
    const path = req.url.pathname.replace(/\/+$/, '');
    if (path === '/admin/host/status' && req.method === 'GET')
      return jsonResponse(200, { state: 'Running' });
    if (path === '/admin/functions' && req.method === 'GET')
      return jsonResponse(200, deps.registry.all().map(describe));
    const m = /^\/admin\/functions\/([^/]+)$/.exec(path);
    if (m && req.method === 'POST') return runNow(decodeURIComponent(m[1] ?? ''), req, deps);
    return textResponse(404, 'Not Found');
  };
}

async function runNow(name: string, req: HostRequest, deps: AdminDeps): Promise<HostResponse> {
  const fn = deps.registry.get(name);
  if (!fn) return textResponse(404, `No function named "${name}".`);
  const refusal = notRunnable[fn.kind];
  if (refusal) return textResponse(400, `"${fn.name}" ${refusal}`);
  if (fn.kind === 'timer') {
    await deps.timers.fire(fn);
    return { status: 202 };
  }
  const body = parseJsonBody(req);
  if (body instanceof Error) return textResponse(400, body.message);
  const input = (body as { input?: unknown } | undefined)?.input;
  await invoke(fn, input, { logger: deps.logger, extraInputs: deps.inputsFor(fn) });
  return { status: 202 };
}

/** Why the admin route does not run a function of this kind; runnable kinds are absent. */
const notRunnable: Partial<Record<FunctionRegistration['kind'], string>> = {
  http: 'is an HTTP function; call it through its own route.',
  orchestration:
    'is an orchestrator; start it through the Durable client (it runs only from its history).',
  activity: 'is an activity; only its orchestrator calls it.',
  other: 'has a trigger the local host does not run.',
};

function describe(fn: FunctionRegistration) {
  return {
    name: fn.name,
    trigger: fn.trigger.type,
    ...(fn.kind === 'http'
      ? { route: fn.trigger.route ?? fn.name, methods: fn.trigger.methods }
      : {}),
    ...(fn.kind === 'timer' ? { schedule: fn.trigger.schedule } : {}),
  };
}

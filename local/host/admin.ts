// The host's admin routes: `POST /admin/functions/NAME` runs a non-HTTP function now (how tests
// and people fire a timer, as with the real host), `GET /admin/functions` lists what was
// registered, `GET /admin/host/status` says the host is up.
// https://learn.microsoft.com/azure/azure-functions/functions-manually-run-non-http
import type { HostRequest, HostResponse } from './http-types.js';
import { jsonResponse, parseJsonBody, textResponse } from './http-types.js';
import { invoke } from './invoke.js';
import { isSystemAuthorized } from './keys.js';
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
    if (!isSystemAuthorized(deps.keys, { headers: req.headers, query: req.url.searchParams })) {
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
  if (fn.kind === 'http' || fn.kind === 'orchestration') {
    return textResponse(
      400,
      `"${fn.name}" is a ${fn.kind} function; call it through its own route.`,
    );
  }
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

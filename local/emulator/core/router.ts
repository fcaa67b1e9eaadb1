// A route table: method + path pattern → handler, named after what it serves. Named groups become
// params. The admin API and the Key Vault data plane use it; ARM paths are parsed once instead
// (arm/request-target.ts), because ARM ids nest to any depth.
import type { EmulatorContext } from './context.js';
import type { EmuRequest, EmuResponse } from './model.js';

export type Handler = (
  ctx: EmulatorContext,
  req: EmuRequest,
  params: Record<string, string>,
) => EmuResponse;

export interface Route<H = Handler> {
  name: string;
  method: string;
  pattern: RegExp;
  handler: H;
}

export function route<H = Handler>(
  name: string,
  method: string,
  pattern: RegExp,
  handler: H,
): Route<H> {
  return { name, method, pattern, handler };
}

export function matchRoute<H>(
  routes: readonly Route<H>[],
  method: string,
  path: string,
): { route: Route<H>; params: Record<string, string> } | undefined {
  for (const r of routes) {
    if (r.method !== '*' && r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}

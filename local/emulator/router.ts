// A route table: method + path pattern → pure handler. Named groups become params.
import type { Handler } from './types.js';

export interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export function route(name: string, method: string, pattern: RegExp, handler: Handler): Route {
  return { name, method, pattern, handler };
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const r of routes) {
    if (r.method !== '*' && r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}

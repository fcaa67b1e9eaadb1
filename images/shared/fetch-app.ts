/**
 * A workload app is a function of a request, like hono's `app.fetch`: no socket, no environment.
 * `serve.ts` puts one behind node:http; tests call `fetch` directly. HSTS and
 * X-Content-Type-Options come from the nginx sidecar on every answer (src/plan/nginx.ts); an app
 * that sent them too would make nginx send them twice.
 */
export interface FetchApp {
  fetch(request: Request): Promise<Response>;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body)}\n`, {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
  });
}

export function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}

/** 405 for anything but GET and HEAD; undefined when the method is fine. */
export function onlyGet(request: Request): Response | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  return text('method not allowed\n', 405, { allow: 'GET, HEAD' });
}

export function pathOf(request: Request): string {
  return new URL(request.url).pathname;
}

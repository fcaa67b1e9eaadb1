// How the web container asks the API in its group: server-side, over loopback, as the original
// sample's PHP page did (`curl $API_URL/api/...` with API_URL=127.0.0.1:8080), so the page works
// with no script in the browser and the API never has to be public for it.
import { request } from 'node:http';

/** What one API call gave: its JSON body, or why there is none (shown on the page). */
export type ApiAnswer = { ok: true; body: unknown } | { ok: false; reason: string };

/** The visitor's request as it reached web, passed on so `/api/ip` shows what it came with. */
export interface Forwarded {
  host?: string;
  forwardedFor?: string;
}

export type ApiClient = (path: string, forwarded: Forwarded) => Promise<ApiAnswer>;

/** The Host (as serve() put it in the URL) and X-Forwarded-For a visitor's request came with. */
export function forwardedOf(request: Request): Forwarded {
  const forwardedFor = request.headers.get('x-forwarded-for');
  return { host: new URL(request.url).host, ...(forwardedFor ? { forwardedFor } : {}) };
}

const MAX_BODY_BYTES = 64 * 1024;

/** The reason in a JSON error body (`{"error":"database unavailable"}`), when there is one. */
function errorOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = (parsed as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function answerOf(status: number, body: string): ApiAnswer {
  if (status < 200 || status > 299) {
    const error = errorOf(body);
    return { ok: false, reason: `HTTP ${status}${error ? `: ${error}` : ''}` };
  }
  try {
    return { ok: true, body: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, reason: 'the answer is not JSON' };
  }
}

/**
 * node:http rather than fetch: fetch may not set Host, and the API's `/api/ip` reports the Host
 * the visitor's request arrived with. Each call gives up after `timeoutMs`.
 */
export function httpApiClient(apiUrl: URL, options: { timeoutMs: number }): ApiClient {
  return (path, forwarded) =>
    new Promise((resolve) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (forwarded.host) headers.host = forwarded.host;
      if (forwarded.forwardedFor) headers['x-forwarded-for'] = forwarded.forwardedFor;
      const req = request(new URL(path, apiUrl), { headers, timeout: options.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error('the answer is too large'));
          else chunks.push(chunk);
        });
        res.on('end', () =>
          resolve(answerOf(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))),
        );
        res.on('error', (error) => resolve({ ok: false, reason: reasonOf(error) }));
      });
      req.on('timeout', () =>
        req.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)),
      );
      req.on('error', (error) => resolve({ ok: false, reason: reasonOf(error) }));
      req.end();
    });
}

function reasonOf(error: NodeJS.ErrnoException): string {
  return error.code ? `unreachable (${error.code})` : error.message;
}

import { onlyGet, pathOf, text, type FetchApp } from '../../shared/fetch-app.js';

export interface StaticFile {
  body: string | Uint8Array;
  contentType: string;
}

/** Files by URL path (`/index.html`); `/` serves `/index.html`. */
export type StaticFiles = ReadonlyMap<string, StaticFile>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (
    CONTENT_TYPES[dot >= 0 ? fileName.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream'
  );
}

const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** Renders the page at `/` for one request; each call is one visit (it records an access). */
export type HomePage = (request: Request) => Promise<string>;

/**
 * `/`: rendered per request, never cached, since each GET records an access. HEAD answers the
 * same headers without rendering, so a HEAD (or a monitor) records nothing.
 */
async function home(request: Request, render: HomePage): Promise<Response> {
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...PAGE_HEADERS,
  };
  if (request.method === 'HEAD') return new Response(null, { headers });
  return new Response(await render(request), { headers });
}

/**
 * The web container: the home page (rendered from the API's answers by `home`, when given) and a
 * small static site held in memory. Paths are looked up in the map, never joined onto a
 * directory, so `..` cannot reach outside it.
 */
export function createWebApp(files: StaticFiles, homePage?: HomePage): FetchApp {
  return {
    fetch(request) {
      const refused = onlyGet(request);
      if (refused) return Promise.resolve(refused);
      const path = pathOf(request);
      if (path === '/healthz') return Promise.resolve(text('ok\n'));
      if (homePage && (path === '/' || path === '/index.html')) return home(request, homePage);
      const file = files.get(path === '/' ? '/index.html' : path);
      if (!file) return Promise.resolve(text('not found\n', 404));
      const cache = file.contentType.startsWith('text/html') ? 'no-cache' : 'public, max-age=300';
      return Promise.resolve(
        new Response(request.method === 'HEAD' ? null : file.body, {
          headers: { 'content-type': file.contentType, 'cache-control': cache, ...PAGE_HEADERS },
        }),
      );
    },
  };
}

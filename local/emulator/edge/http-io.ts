// Socket-level helpers: read an incoming request into an EmuRequest, write an EmuResponse.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmuRequest, EmuResponse } from '../core/model.js';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readRequest(req: IncomingMessage, origin: string): Promise<EmuRequest> {
  const bytes = await readBody(req);
  const rawBody = bytes.toString('utf8');
  // ARM tolerates `//` in paths (SDKs build `/{scope}/…` from scopes that start with `/`);
  // collapse them before parsing so they are not read as a protocol-relative URL.
  const [rawPath = '/', rawQuery] = (req.url ?? '/').split(/\?(.*)/s, 2);
  const url = new URL(rawPath.replace(/\/{2,}/g, '/') + (rawQuery ? `?${rawQuery}` : ''), origin);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  let body: unknown;
  if (rawBody.trim().length > 0) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = null;
    }
  }
  return {
    method: req.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    query: url.searchParams,
    headers,
    body,
    rawBody,
    bytes,
    origin,
  };
}

export function writeResponse(res: ServerResponse, response: EmuResponse, requestId: string): void {
  const headers: Record<string, string> = { 'x-ms-request-id': requestId, ...response.headers };
  let payload = '';
  if (response.body !== undefined) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

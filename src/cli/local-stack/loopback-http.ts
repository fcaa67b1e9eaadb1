// Small JSON calls to the local stack's endpoints. Loopback only: the emulator hands out
// Azure-like addresses that must never be contacted (ARCHITECTURE: Safety).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface LoopbackResponse {
  status: number;
  text: string;
}

export interface LoopbackRequest {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** PEM of the CA to trust for https (the emulator's). */
  ca?: string;
  timeoutMs?: number;
}

export function isLoopback(url: URL): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(url.hostname) || url.hostname === '[::1]';
}

export function loopbackRequest(
  url: string,
  options: LoopbackRequest = {},
): Promise<LoopbackResponse> {
  const target = new URL(url);
  if (!isLoopback(target)) {
    return Promise.reject(new Error(`refusing to call ${target.origin}: not a loopback address`));
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        ...(options.ca ? { ca: options.ca } : {}),
        timeout: options.timeoutMs ?? 10_000,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${target.origin} in time`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Parses a JSON answer; an empty body is `{}`. */
export function jsonOf(response: LoopbackResponse): Record<string, unknown> {
  return response.text ? (JSON.parse(response.text) as Record<string, unknown>) : {};
}

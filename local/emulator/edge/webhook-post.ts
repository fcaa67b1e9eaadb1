// POSTs Event Grid payloads to loopback webhooks only (the URL was checked when the subscription
// was created; it is checked again here so that nothing ever leaves the machine).
import http from 'node:http';
import https from 'node:https';
import { isLoopbackUrl } from '../core/loopback.js';

export interface WebhookResult {
  status: number;
  body: string;
}

export function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  ca?: string,
): Promise<WebhookResult> {
  if (!isLoopbackUrl(url))
    return Promise.reject(new Error(`refusing to deliver to non-loopback ${url}`));
  const body = JSON.stringify(payload);
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        ...(ca ? { ca } : {}),
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

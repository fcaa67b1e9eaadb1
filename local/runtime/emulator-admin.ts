// The runtime's only way into the emulator: its admin API on loopback, over TLS with the
// emulator's CA. Reads the records the runtime follows; reports what the runtime saw happen.
import { Agent, request } from 'node:https';
import { isLoopback } from './loopback.js';
import type { ArmRecord } from './types.js';

export interface EmulatorAdmin {
  resources(types: readonly string[]): Promise<ArmRecord[]>;
  post(path: string, body: unknown, method?: 'POST' | 'PUT'): Promise<void>;
  close(): void;
}

function assertLoopback(url: URL): void {
  if (!isLoopback(url.hostname.replace(/^\[|\]$/g, ''))) {
    throw new Error(`the emulator must be on loopback, not ${url.host}`);
  }
}

export function emulatorAdmin(armUrl: string, caPem: string): EmulatorAdmin {
  const base = new URL(armUrl);
  assertLoopback(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 4, ca: caPem });

  function call(method: string, path: string, body?: unknown): Promise<string> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, base),
        {
          method,
          agent,
          timeout: 10_000,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {},
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            (res.statusCode ?? 500) < 300
              ? resolve(text)
              : reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`)),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  return {
    async resources(types) {
      const text = await call('GET', `/_emulator/resources?type=${types.join(',')}`);
      return (JSON.parse(text) as { value: ArmRecord[] }).value;
    },
    async post(path, body, method = 'POST') {
      await call(method, path, body);
    },
    close: () => agent.destroy(),
  };
}

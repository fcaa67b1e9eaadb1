import { request } from 'node:https';
import type { EmulatorHandle } from '../../local/emulator/index.js';

/** A raw ARM or admin call to the emulator, for arranging state that the app itself does not own. */
export function adminRequest(
  emu: EmulatorHandle,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, emu.armUrl),
      {
        method,
        ca: emu.caPem,
        headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 400)
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

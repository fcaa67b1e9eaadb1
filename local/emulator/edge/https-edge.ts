// The only place that touches sockets for HTTP: one HTTPS server for ARM + admin, one per vault.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { EmulatorCertificates } from './certificates.js';
import type { Clock } from '../core/clock.js';
import type { DispatchResult } from '../core/pipeline.js';
import type { EmuRequest } from '../core/model.js';
import { readRequest, writeResponse } from './http-io.js';

export type Dispatcher = (req: EmuRequest) => DispatchResult | Promise<DispatchResult>;

export function createHttpsServer(
  certs: EmulatorCertificates,
  originOf: () => string,
  dispatch: Dispatcher,
  afterEach: () => void,
  clock: Clock,
): https.Server {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const emuReq = await readRequest(req, originOf());
    const result = await dispatch(emuReq);
    if (result.delayMs > 0) {
      await new Promise<void>((resolve) => clock.setTimer(resolve, result.delayMs));
    }
    if (result.drop) res.socket?.destroy();
    else writeResponse(res, result.response, randomUUID());
    afterEach();
  };
  const server = https.createServer(
    { cert: certs.certPem, key: certs.keyPem, keepAlive: true },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'InternalServerError', message } }));
      });
    },
  );
  server.keepAliveTimeout = 5_000;
  return server;
}

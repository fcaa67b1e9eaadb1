// One health probe: a GET to a member's loopback address on a new connection, judged by the
// probe's match (probe-verdict.ts). "Probe time-out in seconds. If a valid response isn't received
// within this time-out period, the probe is marked as failed" (application-gateway-probe-
// overview.md). The time-out is real time: it bounds a real process, like the request time-out.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { BackendTlsOptions } from './backend-tls.js';
import type { ProbeConfig } from './config-types.js';
import { failureLog, probeVerdict, TIMEOUT_LOG, type ProbeResult } from './probe-verdict.js';

/** More than any `match.body` (at most 4090 characters) needs; the rest is not read. */
const MAX_BODY = 64 * 1024;

function readBody(answer: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    answer.on('data', (chunk: Buffer) => {
      if (size < MAX_BODY) chunks.push(chunk);
      size += chunk.length;
    });
    answer.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    answer.on('error', reject);
  });
}

export interface ProbeTarget {
  host: string;
  port: number;
  probe: ProbeConfig;
  /** TLS options for an Https probe. */
  tls?: BackendTlsOptions;
  /** Whether the settings name trusted roots (else the well-known CAs): words the failure. */
  hasTrustedRoots: boolean;
}

export function sendProbe(target: ProbeTarget): Promise<ProbeResult> {
  const { probe, tls } = target;
  return new Promise((resolve) => {
    const options = {
      host: target.host,
      port: target.port,
      method: 'GET',
      path: probe.path,
      headers: { host: probe.hostHeader },
      agent: false as const,
    };
    const done = (result: ProbeResult) => {
      req.destroy();
      resolve(result);
    };
    const onAnswer = (answer: IncomingMessage) => {
      readBody(answer).then(
        (body) => done(probeVerdict(probe, answer.statusCode ?? 0, body)),
        (err: NodeJS.ErrnoException) => done({ ok: false, log: failureLog(err.code, false) }),
      );
    };
    const req =
      probe.protocol === 'Https' && tls
        ? httpsRequest({ ...options, ...tls }, onAnswer)
        : httpRequest(options, onAnswer);
    req.setTimeout(probe.timeoutSeconds * 1000, () => done({ ok: false, log: TIMEOUT_LOG }));
    req.on('error', (err: NodeJS.ErrnoException) =>
      done({ ok: false, log: failureLog(err.code, target.hasTrustedRoots) }),
    );
    req.end();
  });
}

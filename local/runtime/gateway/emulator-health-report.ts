// Hands the local gateway's backend health to the emulator, whose `backendhealth` action answers
// it from then on (`PUT /_emulator/network/application-gateways/backend-health`).
import { request } from 'node:https';
import type { BackendHealthReport } from './types.js';

export interface EmulatorHealthReportOptions {
  /** The emulator's ARM origin, https://127.0.0.1:PORT. */
  emulatorUrl: string;
  caPem: string;
  /** The gateway's ARM id. */
  gatewayId: string;
}

export const BACKEND_HEALTH_ROUTE = '/_emulator/network/application-gateways/backend-health';

export function reportHealthToEmulator(
  options: EmulatorHealthReportOptions,
): (report: BackendHealthReport) => Promise<void> {
  return (report) =>
    new Promise<void>((resolve, reject) => {
      const payload = JSON.stringify({ gatewayId: options.gatewayId, ...report });
      const req = request(
        new URL(BACKEND_HEALTH_ROUTE, options.emulatorUrl),
        {
          method: 'PUT',
          ca: options.caPem,
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode === 200 || res.statusCode === 204) resolve();
            else {
              const body = Buffer.concat(chunks).toString('utf8').slice(0, 300);
              reject(new Error(`PUT ${BACKEND_HEALTH_ROUTE} answered ${res.statusCode}: ${body}`));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

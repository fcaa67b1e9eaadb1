// Shared set-up for the emulator's integration tests: an emulator per test file, a fake credential,
// client options that trust the emulator's CA, and raw HTTPS calls for the admin API.
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startEmulator,
  type EmulatorHandle,
  type EmulatorOptions,
} from '../../../local/emulator/index.js';

export const SUB = '00000000-0000-4000-8000-000000000001';
export const LRO = { updateIntervalInMs: 1 };
export const STATE_DIR = join(tmpdir(), 'aci-vnet-sidecars-emulator-tests');

export const fakeCredential: TokenCredential = {
  getToken: () =>
    Promise.resolve({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

/**
 * An emulator whose subscription has every namespace registered already (resource provider
 * registration has its own tests, which ask for `freshSubscription: true`).
 */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({
    stateDir: STATE_DIR,
    timeScale: 0.0001,
    freshSubscription: false,
    ...options,
  });
}

/** An emulator holding one resource group, and the client options that reach it. */
export async function startWithResourceGroup(
  resourceGroup: string,
  emulator: EmulatorOptions = {},
): Promise<{ emu: EmulatorHandle; options: ReturnType<typeof armOptions> }> {
  const emu = await startTestEmulator(emulator);
  const options = armOptions(emu);
  await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
    resourceGroup,
    { location: 'westeurope' },
  );
  return { emu, options };
}

/**
 * Options for any ARM SDK client: the emulator's endpoint, and its CA through the pipeline's
 * `tlsOptions` (core-rest-pipeline's tlsPolicy sets `request.tlsSettings`, which the Node HTTP
 * client turns into an https.Agent with that `ca`). No process-wide setting is changed.
 */
export function armOptions(emu: EmulatorHandle) {
  return {
    endpoint: emu.armUrl,
    tlsOptions: { ca: emu.caPem },
    retryOptions: { maxRetryDelayInMs: 50 },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export function raw(
  emu: EmulatorHandle,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: 'Bearer emulator-token' },
  origin = emu.armUrl,
): Promise<RawResponse> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, origin),
      { method, ca: emu.caPem, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as unknown) : undefined,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const rgPath = (rg: string) => `/subscriptions/${SUB}/resourceGroups/${rg}`;

/** Advances a manual clock in one-minute steps until `promise` settles (no real sleeping). */
export async function drive<T>(
  clock: { advance: (ms: number) => void },
  promise: Promise<T>,
): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  while (!settled) {
    clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return watched;
}

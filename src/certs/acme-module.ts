// acme-client (with axios, node-forge and @peculiar/x509), imported when a certificate is issued
// or renewed, not when the app starts (src/azure/on-first-use.ts says why).
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import type acme from 'acme-client';

let trusted: Agent | undefined;

/**
 * Local runs only: acme-client sends through its own axios instance, which must trust the CA
 * that signed Pebble's certificate (the emulator's). Process-wide by acme-client's design; called
 * once by the composition root, only when a CA file is configured (never in Azure), and applied
 * to acme-client by `loadAcme`.
 */
export function trustAcmeCa(caFile: string): void {
  trusted = new Agent({ ca: readFileSync(caFile, 'utf8') });
}

/** The acme-client module, trusting the CA `trustAcmeCa` named. */
export async function loadAcme(): Promise<typeof acme> {
  const { default: module } = await import('acme-client');
  if (trusted) module.axios.defaults.httpsAgent = trusted;
  return module;
}

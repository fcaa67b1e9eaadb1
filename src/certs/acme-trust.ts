// Local runs only: makes the ACME client trust the CA of Pebble, the local ACME server.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import acme from 'acme-client';

/**
 * acme-client sends through its own axios instance; locally it must trust the CA that signed
 * Pebble's certificate (the emulator's). Process-wide by acme-client's design; called once by the
 * composition root, only when a CA file is configured (never in Azure).
 */
export function trustAcmeCa(caFile: string): void {
  acme.axios.defaults.httpsAgent = new Agent({ ca: readFileSync(caFile, 'utf8') });
}

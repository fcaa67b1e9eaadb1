// The emulator's four Azure DNS name servers as the local stack wires them: the app asks each of
// them, Pebble validates through the slowest, as Let's Encrypt may ask any.
import { AZURE_NAME_SERVERS, NAME_SERVER_DELAYS_MS } from '../../../local/emulator/index.js';
import { freePort } from './ports.js';

/** A public zone's name server and the loopback port where the emulator serves it. */
export interface LocalNameServer {
  /** As a zone's `nameServers` lists it. */
  name: string;
  host: string;
  port: number;
  /** How long a change takes to reach it, in Azure time. */
  delayMs: number;
}

/** The four name servers on free loopback ports, with the emulator's default delays. */
export async function localNameServers(): Promise<LocalNameServer[]> {
  const servers: LocalNameServer[] = [];
  for (const [index, name] of AZURE_NAME_SERVERS.entries()) {
    servers.push({
      name,
      host: '127.0.0.1',
      port: await freePort(),
      delayMs: NAME_SERVER_DELAYS_MS[index] ?? 0,
    });
  }
  return servers;
}

/**
 * The name server the ACME server validates through: Pebble asks one DNS server (`-dnsserver`),
 * and the slowest one catches a challenge answered before every name server has its record, as
 * Let's Encrypt would ("a valid negative response from one server will be taken as definitive",
 * community.letsencrypt.org/t/57754).
 */
export function slowestNameServer<T extends { delayMs: number }>(servers: readonly T[]): T {
  const [first, ...rest] = servers;
  if (!first) throw new Error('the emulator serves no name servers');
  return rest.reduce((slowest, s) => (s.delayMs > slowest.delayMs ? s : slowest), first);
}

// The emulator's four Azure DNS name servers as the local stack wires them: the app asks each of
// them, Pebble validates through the slowest, as Let's Encrypt may ask any.

/** A public zone's name server and the loopback port where the emulator serves it. */
export interface LocalNameServer {
  /** As a zone's `nameServers` lists it. */
  name: string;
  host: string;
  port: number;
  /** How long a change takes to reach it, in Azure time. */
  delayMs: number;
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

// TXT queries to a zone's authoritative name servers, to see challenge records before ACME validates them.
import type { DnsServerAddress } from '../settings.js';

/** Asks one DNS server (not a recursive resolver's cache) for the TXT values of a name. */
export type TxtLookup = (fqdn: string) => Promise<string[]>;

/** One of a zone's authoritative name servers, and how to ask it. */
export interface NameServer {
  /** As the zone's `nameServers` lists it, e.g. `ns4-01.azure-dns.info.` */
  name: string;
  lookup: TxtLookup;
}

/** A name server that has not answered after this long counts as not answering, for this poll. */
export const DNS_QUERY_TIMEOUT_MS = 2_000;

/**
 * dns2 resolver against an authoritative server, without recursion: no caches between us and the
 * zone's answer. `server` is its address, or a function that finds it for each query (in Azure, a
 * name server's address is itself looked up in DNS).
 */
export function authoritativeTxtLookup(
  server: DnsServerAddress | (() => Promise<DnsServerAddress>),
): TxtLookup {
  return async (fqdn) => {
    const { host, port } = typeof server === 'function' ? await server() : server;
    // Imported on first use, not at start-up (src/azure/on-first-use.ts).
    const { default: dns2 } = await import('dns2');
    const resolve = dns2.UDPClient({ dns: host, port, timeout: DNS_QUERY_TIMEOUT_MS });
    const response = await resolve(fqdn, 'TXT', undefined, { recursive: false });
    return response.answers.flatMap((answer) => txtStrings(answer.data));
  };
}

function txtStrings(data: unknown): string[] {
  if (typeof data === 'string') return [data];
  if (Array.isArray(data)) return [data.map((part) => String(part)).join('')];
  return [];
}

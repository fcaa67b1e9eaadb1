// TXT queries to an authoritative DNS server, to see challenge records before ACME validates them.
import dns2 from 'dns2';

/** Asks one DNS server (not a recursive resolver's cache) for the TXT values of a name. */
export type TxtLookup = (fqdn: string) => Promise<string[]>;

export interface DnsServerAddress {
  host: string;
  port: number;
}

/** dns2 resolver against an authoritative server: no caches between us and the zone's answer. */
export function authoritativeTxtLookup(server: DnsServerAddress): TxtLookup {
  const resolve = dns2.UDPClient({ dns: server.host, port: server.port });
  return async (fqdn) => {
    const response = await resolve(fqdn, 'TXT', undefined, { recursive: false });
    return response.answers.flatMap((answer) => txtStrings(answer.data));
  };
}

function txtStrings(data: unknown): string[] {
  if (typeof data === 'string') return [data];
  if (Array.isArray(data)) return [data.map((part) => String(part)).join('')];
  return [];
}

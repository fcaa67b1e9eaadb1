// The public zone's authoritative name servers, each with a TXT lookup that asks it directly.
import { AppError } from '../errors.js';
import type { PublicDnsZone } from '../azure/public-dns.js';
import { nameServerKey, type AppSettings, type DnsServerAddress } from '../settings.js';
import { authoritativeTxtLookup, type NameServer } from './txt-lookup.js';

/** Finds a host's address in DNS (node's `dns.lookup` in Azure). */
export type ResolveHost = (host: string) => Promise<string>;

/**
 * Every name server the zone lists in `properties.nameServers`: Azure DNS gives a zone four
 * ("Azure DNS assigns four name servers to each DNS zone", articles/dns/dns-faq.yml), and Let's
 * Encrypt may ask any of them ("a valid negative response from one server will be taken as
 * definitive. You have to ensure that all of the zone's authoritative DNS servers are serving the
 * TXT record", community.letsencrypt.org/t/57754). A local run asks each at the loopback address
 * ACI_VNET_SIDECARS_NAME_SERVERS gives it and never resolves one; in Azure each is asked at its
 * own address, port 53.
 */
export async function zoneNameServers(
  zone: PublicDnsZone,
  settings: Pick<AppSettings, 'cloud' | 'nameServerAddresses'>,
  resolveHost: ResolveHost,
): Promise<NameServer[]> {
  const names = await zone.nameServers();
  if (names.length === 0) {
    throw new AppError(
      'unexpected',
      'ZoneWithoutNameServers',
      `the public DNS zone ${zone.zone} lists no name servers (properties.nameServers)`,
    );
  }
  return names.map((name) => ({ name, lookup: authoritativeTxtLookup(addressOf(name)) }));

  function addressOf(name: string): DnsServerAddress | (() => Promise<DnsServerAddress>) {
    const mapped = settings.nameServerAddresses.get(nameServerKey(name));
    if (mapped) return mapped;
    if (settings.cloud === 'local') throw unmapped(zone.zone, name, settings);
    return async () => ({ host: await resolveHost(nameServerKey(name)), port: 53 });
  }
}

function unmapped(
  zone: string,
  name: string,
  settings: Pick<AppSettings, 'nameServerAddresses'>,
): AppError {
  const known = [...settings.nameServerAddresses.keys()].join(', ') || 'none';
  return new AppError(
    'validation',
    'NameServerNotMapped',
    `the public DNS zone ${zone} lists the name server ${name}, which ACI_VNET_SIDECARS_NAME_SERVERS does not map to a local address (it maps ${known}); a local run asks no DNS server outside 127.0.0.1`,
  );
}

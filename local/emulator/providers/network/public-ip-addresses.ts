// Public IP addresses: an address from the documentation range 203.0.113.0/24 (never routable, never
// contacted) and `dnsSettings.fqdn` = `{label}.{location}.cloudapp.azure.com`. One still held by a
// gateway or NAT gateway cannot be deleted (associations.ts).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { checkPublicIpUnused } from './associations.js';
import { properties } from '../../arm/resource-store.js';
import { latencyOf } from '../../arm/latencies.js';

export const publicIpAddresses: TypeBehaviour = {
  type: 'Microsoft.Network/publicIPAddresses',

  latency: latencyOf('Microsoft.Network/publicIPAddresses'),
  etag: 'weak',
  pendingState: 'Updating',
  beforeDelete: checkPublicIpUnused,
  prepare: (ctx, pip, existing) => {
    const props = properties(pip);
    const kept = existing ? properties(existing).ipAddress : undefined;
    if (typeof kept === 'string') props.ipAddress = kept;
    else {
      ctx.state.publicIpCounter += 1;
      if (ctx.state.publicIpCounter > 254)
        throw new ArmError(
          400,
          'PublicIPCountLimitReached',
          'The emulator hands out at most 254 public IPs (203.0.113.1-254).',
        );
      props.ipAddress = `203.0.113.${ctx.state.publicIpCounter}`;
    }
    props.publicIPAllocationMethod ??= 'Static';
    props.publicIPAddressVersion ??= 'IPv4';
    const dns = props.dnsSettings as { domainNameLabel?: string } | undefined;
    if (dns?.domainNameLabel) {
      props.dnsSettings = {
        ...dns,
        fqdn: `${dns.domainNameLabel}.${String(pip.location)}.cloudapp.azure.com`,
      };
    }
  },
};

// ARM's documented throttling limits, for comparing what the reconciler sends with what Azure
// allows. Source: "Understand how Azure Resource Manager throttles requests",
// articles/azure-resource-manager/management/request-limits-and-throttling.md (ms.date 05/28/2025):
// - "Throttling limits are now applied per region rather than per instance of Azure Resource
//   Manager. This new architecture uses a token bucket algorithm"; "Subscription | reads | 250 |
//   25" and "Subscription | writes | 200 | 10" (bucket size, refill rate per second); "The
//   subscription limits apply per subscription, per service principal, and per operation type."
// - "The Microsoft.Network resource provider applies the following throttle limits: write /
//   delete (PUT) 1,000 per 5 minutes, read (GET) 10,000 per 5 minutes"; "Within each subscription,
//   the resource provider throttles per region of the resource in the request."
// - Azure DNS limits (includes/dns-limits.md, which that page links): Private DNS record set
//   operations "Get 200/min", "List 100/min", limits per zone.
// Microsoft.ContainerInstance documents no read limit of its own.

export const ARM_READS = { bucket: 250, refillPerSecond: 25 } as const;
export const ARM_WRITES = { bucket: 200, refillPerSecond: 10 } as const;
export const NETWORK_READS_PER_5_MIN = 10_000;
export const NETWORK_WRITES_PER_5_MIN = 1_000;
export const PRIVATE_DNS_RECORD_GETS_PER_MIN_PER_ZONE = 200;
export const PRIVATE_DNS_RECORD_LISTS_PER_MIN_PER_ZONE = 100;
export const THROTTLING_PAGE =
  'https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling';

/** Reads an hour the refill rate sustains (the bucket only absorbs a burst on top). */
export const ARM_READS_PER_HOUR = ARM_READS.refillPerSecond * 3600;

/** How long `requests` must at least be spread over for the bucket never to run dry (0: one burst is fine). */
export function minimumSpreadSeconds(
  requests: number,
  limit: { bucket: number; refillPerSecond: number },
): number {
  return Math.max(0, (requests - limit.bucket) / limit.refillPerSecond);
}

export const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

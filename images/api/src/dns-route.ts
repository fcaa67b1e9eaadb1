import { json } from '../../shared/fetch-app.js';
import { nameInsideZones } from './private-zones.js';
import type { ApiAppInput } from './types.js';

/** node:dns codes for "the name has no A record" (dns.NOTFOUND, dns.NODATA). */
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * `/api/dns?fqdn=<name>` → `{"fqdn", "ip"}` as in the original sample, for names inside the
 * private zones only: anything else is refused with 400 before any DNS query is sent.
 */
export async function dnsLookup(request: Request, input: ApiAppInput): Promise<Response> {
  const fqdn = new URL(request.url).searchParams.get('fqdn');
  if (!fqdn) return json({ error: 'fqdn is required: /api/dns?fqdn=<name>' }, 400);
  const name = nameInsideZones(fqdn, input.privateZones);
  if (!name) {
    return json(
      { error: "fqdn must be a name in one of the environment's private DNS zones" },
      400,
    );
  }
  try {
    const [ip] = await input.resolveIpv4(name);
    return json({ fqdn: name, ip: ip ?? null }, ip ? 200 : 404);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && NO_ADDRESS.has(code)) return json({ fqdn: name, ip: null }, 404);
    input.log?.(
      `api: /api/dns ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return json({ error: 'DNS unavailable' }, 503);
  }
}

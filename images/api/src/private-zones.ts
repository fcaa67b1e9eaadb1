// Which names /api/dns may resolve: only names inside the environment's private DNS zones, so the
// endpoint answers "what does this group see for our private names" and cannot be used to probe
// any other name (the original sample's /api/dns resolved whatever it was given).

/** A DNS name: 1-63 letters, digits or hyphens per label, not starting or ending with a hyphen. */
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `name` lower-cased without its trailing dot, or undefined when it is not a DNS name. */
export function normalizeName(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  if (lower.length === 0 || lower.length > 253) return undefined;
  return lower.split('.').every((label) => LABEL.test(label)) ? lower : undefined;
}

/** `PRIVATE_DNS_ZONES` (comma-separated) as normalized zone names; malformed entries are problems. */
export function parsePrivateZones(value: string | undefined): {
  zones: string[];
  problems: string[];
} {
  const zones: string[] = [];
  const problems: string[] = [];
  for (const entry of (value ?? '').split(',').map((z) => z.trim())) {
    if (entry === '') continue;
    const zone = normalizeName(entry);
    if (zone) zones.push(zone);
    else problems.push(`PRIVATE_DNS_ZONES: ${JSON.stringify(entry)} is not a DNS zone name`);
  }
  return { zones, problems };
}

/** The normalized name when it is one of the zones or inside one, else undefined. */
export function nameInsideZones(name: string, zones: readonly string[]): string | undefined {
  const normalized = normalizeName(name);
  if (!normalized) return undefined;
  const inside = zones.some((zone) => normalized === zone || normalized.endsWith(`.${zone}`));
  return inside ? normalized : undefined;
}

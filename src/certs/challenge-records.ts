/**
 * The TXT records of a set of DNS-01 challenges, relative to the public zone. A name and its
 * wildcard share one record (`_acme-challenge.app` answers both `app` and `*.app`), so values are
 * grouped by record name: writing them one at a time would overwrite each other.
 * https://datatracker.ietf.org/doc/html/rfc8555#section-8.4
 */

export interface ChallengeValue {
  /** The authorization's identifier, without a wildcard label (ACME strips it). */
  identifier: string;
  /** base64url(SHA-256(key authorization)): what the TXT record must hold. */
  value: string;
}

export interface TxtRecord {
  /** Relative to the zone, e.g. `_acme-challenge.app`; `_acme-challenge` at the apex. */
  relativeName: string;
  fqdn: string;
  values: string[];
}

export function challengeRecords(challenges: readonly ChallengeValue[], zone: string): TxtRecord[] {
  const byName = new Map<string, TxtRecord>();
  for (const c of challenges) {
    const fqdn = `_acme-challenge.${c.identifier.toLowerCase()}`;
    const relativeName = relativeTo(fqdn, zone);
    const record = byName.get(relativeName) ?? { relativeName, fqdn, values: [] };
    if (!record.values.includes(c.value)) record.values.push(c.value);
    byName.set(relativeName, record);
  }
  return [...byName.values()].sort((a, b) => a.relativeName.localeCompare(b.relativeName));
}

export function relativeTo(fqdn: string, zone: string): string {
  const z = zone.toLowerCase();
  if (fqdn === z) return '@';
  if (!fqdn.endsWith(`.${z}`)) throw new Error(`${fqdn} is not inside the zone ${z}`);
  return fqdn.slice(0, -(z.length + 1));
}

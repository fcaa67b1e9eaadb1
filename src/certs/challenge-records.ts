/**
 * The TXT records of a set of DNS-01 challenges, relative to the public zone. A name and its
 * wildcard share one record (`_acme-challenge.app` answers both `app` and `*.app`), so values are
 * grouped by record name: writing them one at a time would overwrite each other.
 * https://datatracker.ietf.org/doc/html/rfc8555#section-8.4
 */

export interface ChallengeValue {
  /** The authorization's identifier, without a wildcard label (ACME strips it). */
  identifier: string;
  /** Set when the authorization is for `*.` + identifier (RFC 8555 §7.1.4, `wildcard`). */
  wildcard?: boolean;
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

/**
 * The identifiers the ACME server asks to prove that are not among the certificate's names, as
 * `*.app.contoso.example` or `app.contoso.example`. Only names of the spec get a TXT record: a
 * directory that asked for others (a custom or compromised one) would otherwise get the app to
 * prove control of any name of the zone for it.
 */
export function identifiersOutside(
  challenges: readonly ChallengeValue[],
  names: readonly string[],
): string[] {
  const wanted = new Set(names.map(normalized));
  const asked = challenges.map((c) => `${c.wildcard ? '*.' : ''}${normalized(c.identifier)}`);
  return [...new Set(asked.filter((name) => !wanted.has(name)))];
}

function normalized(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

export function relativeTo(fqdn: string, zone: string): string {
  const z = zone.toLowerCase();
  if (fqdn === z) return '@';
  if (!fqdn.endsWith(`.${z}`)) throw new Error(`${fqdn} is not inside the zone ${z}`);
  return fqdn.slice(0, -(z.length + 1));
}

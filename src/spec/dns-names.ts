/** DNS name rules shared by spec checks: RFC 1035 labels, lower case, wildcards leftmost only. */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeDnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Why `name` is not a usable DNS name, or undefined when it is. */
export function dnsNameProblem(
  name: string,
  opts: { wildcard?: boolean; minLabels?: number } = {},
): string | undefined {
  // The schema has already dropped the one trailing dot a name may carry: any dot left at the
  // end makes an empty label here, like two dots in a row.
  const labels = name.toLowerCase().split('.');
  const minLabels = opts.minLabels ?? 2;
  if (name.length > 253) return `${name} is longer than 253 characters`;
  if (labels.includes(''))
    return `${name} has an empty label (two dots in a row, or a dot at either end)`;
  if (labels.length < minLabels)
    return `${name} needs at least ${minLabels} labels, such as app.example.com`;
  for (const [index, label] of labels.entries()) {
    if (label === '*' && opts.wildcard && index === 0) continue;
    if (label === '*')
      return index === 0 && !opts.wildcard
        ? `${name} is a wildcard name, which is not allowed here: give one exact name`
        : `${name} has a wildcard that is not the leftmost label`;
    if (!LABEL.test(label)) {
      return `${name} is not a valid DNS name: label "${label}" must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen`;
    }
  }
  return undefined;
}

/** True when `name` is `zone` itself or a name below it. */
export function isInZone(name: string, zone: string): boolean {
  const n = normalizeDnsName(name);
  const z = normalizeDnsName(zone);
  return n === z || n.endsWith(`.${z}`);
}

/** True when a certificate issued for `certName` (possibly `*.x`) is valid for `host`. */
export function certificateCovers(certName: string, host: string): boolean {
  const c = normalizeDnsName(certName);
  const h = normalizeDnsName(host);
  if (!c.startsWith('*.')) return c === h;
  const parent = c.slice(2);
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === parent;
}

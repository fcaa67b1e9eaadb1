/**
 * Cross-field checks: each is a pure function of the sections of the spec it needs and returns
 * the problems it finds. A check runs only when those sections parsed on their own, so a spec with
 * a typo in one section still gets every other problem reported in the same pass.
 */

import { contains, overlaps, parseCidr, usableAddresses, type Cidr } from './cidr.js';
import { certificateCovers, dnsNameProblem, isInZone, normalizeDnsName } from './dns-names.js';
import type { ParsedSpec } from './schema.js';
import type { SpecProblem } from './types.js';

/** Each section holds only the fields that are valid on their own. */
export interface CheckInput {
  network?: Partial<ParsedSpec['network']>;
  dns?: Partial<ParsedSpec['dns']>;
  certificates?: Partial<ParsedSpec['certificates']>;
  gateway?: Partial<ParsedSpec['gateway']>;
  app?: Partial<ParsedSpec['app']>;
  dashboard?: Partial<ParsedSpec['dashboard']>;
}

/** Application Gateway v2 needs room to scale out; Azure requires at least a /26 for v2 SKUs. */
export const GATEWAY_SUBNET_MAX_PREFIX = 26;
/** The smallest subnet Azure creates is a /29 (three usable addresses after the five reserved). */
export const AZURE_SUBNET_MAX_PREFIX = 29;

const SUBNETS = ['gateway', 'containers', 'privateEndpoints'] as const;

export function runChecks(input: CheckInput): SpecProblem[] {
  return [
    ...networkChecks(input),
    ...dnsChecks(input),
    ...gatewayChecks(input),
    ...dashboardChecks(input),
  ];
}

function networkChecks({ network, app, dashboard }: CheckInput): SpecProblem[] {
  if (!network?.addressSpace || !network.subnets) return [];
  const { addressSpace, subnets: subnetCidrs } = network;
  const problems: SpecProblem[] = [];
  const parse = (path: string, text: string): Cidr | undefined => {
    const result = parseCidr(text);
    if (!result.ok) problems.push({ path, message: result.message });
    return result.ok ? result.cidr : undefined;
  };
  const space = parse('network.addressSpace', addressSpace);
  const subnets = SUBNETS.map((key) => ({
    key,
    path: `network.subnets.${key}`,
    cidr: parse(`network.subnets.${key}`, subnetCidrs[key]),
  }));
  for (const s of subnets) {
    if (space && s.cidr && !contains(space, s.cidr)) {
      problems.push({
        path: s.path,
        message: `${s.cidr.text} is outside the address space ${space.text}`,
      });
    }
  }
  subnets.forEach((a, i) => {
    for (const b of subnets.slice(i + 1)) {
      if (a.cidr && b.cidr && overlaps(a.cidr, b.cidr)) {
        problems.push({
          path: b.path,
          message: `${b.cidr.text} overlaps ${a.path} (${a.cidr.text}); subnets of one VNet must not overlap`,
        });
      }
    }
  });
  const [gateway, containers, privateEndpoints] = subnets;
  if (gateway?.cidr && gateway.cidr.prefix > GATEWAY_SUBNET_MAX_PREFIX) {
    problems.push({
      path: gateway.path,
      message: `${gateway.cidr.text} is too small for Application Gateway v2; use a /${GATEWAY_SUBNET_MAX_PREFIX} or larger (a /24 is recommended)`,
    });
  }
  for (const s of [containers, privateEndpoints]) {
    if (s?.cidr && s.cidr.prefix > AZURE_SUBNET_MAX_PREFIX) {
      problems.push({
        path: s.path,
        message: `${s.cidr.text} is smaller than Azure's smallest subnet; use a /${AZURE_SUBNET_MAX_PREFIX} or larger`,
      });
    }
  }
  if (containers?.cidr && containers.cidr.prefix <= AZURE_SUBNET_MAX_PREFIX && app?.instances) {
    const needed = app.instances + (dashboard?.enabled === false ? 0 : 1);
    const usable = usableAddresses(containers.cidr);
    if (needed > usable) {
      problems.push({
        path: containers.path,
        message: `${containers.cidr.text} has ${usable} usable addresses but ${needed} container groups need one each; use a larger subnet`,
      });
    }
  }
  return problems;
}

function nameProblem(path: string, name: string, wildcard = false): SpecProblem[] {
  const message = dnsNameProblem(name, { wildcard });
  return message ? [{ path, message }] : [];
}

function dnsChecks({ dns, certificates, gateway }: CheckInput): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const publicZone = dns?.publicZone;
  const zone = publicZone && !dnsNameProblem(publicZone) ? publicZone : undefined;
  if (publicZone) problems.push(...nameProblem('dns.publicZone', publicZone));
  if (dns?.privateZone !== undefined) {
    {
      problems.push(...nameProblem('dns.privateZone', dns.privateZone));
      if (publicZone && normalizeDnsName(dns.privateZone) === normalizeDnsName(publicZone)) {
        problems.push({
          path: 'dns.privateZone',
          message: `${dns.privateZone} is also the public zone; a private zone of the same name would hide the public records inside the VNet`,
        });
      }
    }
  }
  const hostName = gateway?.hostName;
  const validHost = hostName && !dnsNameProblem(hostName) ? hostName : undefined;
  if (hostName) problems.push(...nameProblem('gateway.hostName', hostName));
  if (validHost && zone && !isInZone(validHost, zone)) {
    problems.push({
      path: 'gateway.hostName',
      message: `${validHost} is not inside the public zone ${zone}, so its CNAME cannot be created there`,
    });
  }
  if (certificates?.names) {
    problems.push(...certificateNameChecks(certificates.names, zone));
    if (validHost && !certificates.names.some((n) => certificateCovers(n, validHost))) {
      problems.push({
        path: 'certificates.names',
        message: `no name covers the host name ${validHost}; add ${validHost} or a wildcard for its parent`,
      });
    }
  }
  return problems;
}

function certificateNameChecks(names: string[], zone: string | undefined): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const path = `certificates.names[${i}]`;
    const bad = nameProblem(path, name, true);
    problems.push(...bad);
    const key = normalizeDnsName(name);
    if (seen.has(key)) problems.push({ path, message: `${name} is listed twice` });
    seen.add(key);
    // Stryker disable next-line Regex: a name without problems holds '*' only as its leftmost label, so the first '*.' is always at the start and the ^ anchor changes nothing.
    if (!bad.length && zone && !isInZone(name.replace(/^\*\./, ''), zone)) {
      problems.push({
        path,
        message: `${name} is not inside the public zone ${zone}, so its DNS-01 challenge cannot be answered there`,
      });
    }
  });
  return problems;
}

function gatewayChecks({ gateway }: CheckInput): SpecProblem[] {
  if (!gateway) return [];
  const problems: SpecProblem[] = [];
  if (
    gateway.minCapacity !== undefined &&
    gateway.maxCapacity !== undefined &&
    gateway.minCapacity > gateway.maxCapacity
  ) {
    problems.push({
      path: 'gateway.minCapacity',
      message: `${gateway.minCapacity} is above gateway.maxCapacity (${gateway.maxCapacity})`,
    });
  }
  if (gateway.dashboardPort === 80 || gateway.dashboardPort === 443) {
    problems.push({
      path: 'gateway.dashboardPort',
      message: `${gateway.dashboardPort} is already used by the app's listeners; choose another port such as 8443`,
    });
  }
  return problems;
}

/**
 * The dashboard's public listener is reachable only from these ranges: each must be a CIDR block,
 * and none may be 0.0.0.0/0, which would make the allow list allow everyone. (With
 * `dashboard.enabled` false there is no dashboard, and `publicAccess` opens nothing.)
 */
function dashboardChecks({ dashboard }: CheckInput): SpecProblem[] {
  const access = dashboard?.publicAccess;
  if (!access) return [];
  const problems: SpecProblem[] = [];
  access.allowedSourceRanges.forEach((text, i) => {
    const path = `dashboard.publicAccess.allowedSourceRanges[${i}]`;
    const result = parseCidr(text);
    if (!result.ok) problems.push({ path, message: result.message });
    else if (result.cidr.prefix === 0) {
      problems.push({
        path,
        message: `${text} allows every address; list only the ranges that may reach the dashboard`,
      });
    }
  });
  return problems;
}

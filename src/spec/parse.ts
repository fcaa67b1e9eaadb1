// Entry point of spec validation: schema, cross-field checks and defaults, every problem at once.
import { ZodPrefault, type z } from 'zod';
import { acmeDirectoryProblem, type AcmeDirectoryPolicy } from './acme-directory.js';
import { runChecks, type CheckInput } from './checks.js';
import { resourceNames } from './names.js';
import { formatPath, zodProblems } from './problems.js';
import { specSchema, type ParsedSpec } from './schema.js';
import type { EnvironmentSpec, SpecProblem, SpecResult } from './types.js';

/** What parsing checks beyond the spec itself: the operator's rules, from the app settings. */
export interface SpecPolicy {
  /** Without it (the CLI's `plan`), any https directory passes; the app always gives it. */
  acmeDirectories?: AcmeDirectoryPolicy;
}

/**
 * Validates a spec and applies every default. All problems are reported at once: the schema's
 * (types, ranges, unknown keys), the cross-field checks' (CIDR arithmetic, DNS names, …) and the
 * operator policy's.
 */
export function parseSpec(input: unknown, policy: SpecPolicy = {}): SpecResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ path: '(spec)', message: 'must be a JSON object' }] };
  }
  const parsed = specSchema.safeParse(input, { reportInput: true });
  const problems: SpecProblem[] = parsed.success ? [] : zodProblems(parsed.error);
  const sections = parsed.success ? parsed.data : sectionsThatParse(input);
  problems.push(...runChecks(sections));
  const directory = sections.certificates?.acmeDirectory;
  const refused =
    policy.acmeDirectories && directory
      ? acmeDirectoryProblem(directory, policy.acmeDirectories)
      : undefined;
  if (refused) problems.push(refused);
  if (!parsed.success || problems.length > 0) return { ok: false, problems: dedupe(problems) };
  return { ok: true, spec: withDerivedDefaults(parsed.data) };
}

/** The fields that are valid on their own, so cross-field checks still run on them. */
function sectionsThatParse(input: object): CheckInput {
  const raw = input as Record<string, unknown>;
  const section = <K extends keyof CheckInput>(key: K): CheckInput[K] => {
    const schema = specSchema.shape[key];
    const whole = schema.safeParse(raw[key]);
    // Rebuilding a section that parses whole field by field gives the same value, except that an
    // omitted network, app or dashboard section becomes undefined instead of its defaults, and the
    // defaults never fail a cross-field check: skipping this shortcut cannot change any problem.
    // Stryker disable next-line ConditionalExpression: equivalent when false (see above); true is killed, but one mutator cannot be disabled for one replacement only
    if (whole.success) return whole.data;
    const value = raw[key];
    if (typeof value !== 'object' || value === null) return undefined;
    const object = (schema instanceof ZodPrefault ? schema.unwrap() : schema) as z.ZodObject;
    const fields = object.shape as Record<string, z.ZodType>;
    const valid = Object.entries(fields).flatMap(([name, field]) => {
      const result = field.safeParse((value as Record<string, unknown>)[name]);
      return result.success ? [[name, result.data] as const] : [];
    });
    return Object.fromEntries(valid);
  };
  return {
    network: section('network'),
    dns: section('dns'),
    certificates: section('certificates'),
    gateway: section('gateway'),
    app: section('app'),
    dashboard: section('dashboard'),
  };
}

// No spec yields the same problem twice today: zod reports each field once, and the cross-field
// checks run only on fields that parsed and word their messages differently. dedupe is a guard for
// future checks, so removing it or never filtering cannot be told apart by any input.
function dedupe(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  // Stryker disable next-line MethodExpression: no input yields a duplicate problem (see above)
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: no input yields a duplicate problem (see above); the true replacement, which drops every problem, is killed but cannot be disabled apart
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Defaults that depend on other fields. */
export function withDerivedDefaults(spec: ParsedSpec): EnvironmentSpec {
  const hostName = spec.gateway.hostName.toLowerCase();
  return {
    ...spec,
    dns: {
      ...spec.dns,
      publicZone: spec.dns.publicZone.toLowerCase(),
      publicZoneResourceGroup: spec.dns.publicZoneResourceGroup ?? spec.resourceGroup,
      privateZone: (spec.dns.privateZone ?? `${spec.name}.internal`).toLowerCase(),
    },
    certificates: {
      ...spec.certificates,
      names: (spec.certificates.names ?? [hostName]).map((n) => n.toLowerCase()),
    },
    gateway: { ...spec.gateway, hostName },
    names: resourceNames(spec, spec.app.instances, hostName),
  };
}

export { formatPath };

// Types of a validated environment spec and of the problems found in an invalid one.
import type { ParsedSpec } from './schema.js';
import type { ResourceNames } from './names.js';

/** One thing wrong with a spec: where (a JSON path such as `network.subnets.containers`) and what. */
export interface SpecProblem {
  path: string;
  message: string;
}

/** The spec after every default, including those derived from other fields, has been applied. */
export interface EnvironmentSpec extends Omit<ParsedSpec, 'dns' | 'certificates'> {
  dns: ParsedSpec['dns'] & { publicZoneResourceGroup: string; privateZone: string };
  certificates: ParsedSpec['certificates'] & { names: string[] };
  /** Deterministic names of every resource the environment owns. */
  names: ResourceNames;
}

export type SpecResult =
  { ok: true; spec: EnvironmentSpec } | { ok: false; problems: SpecProblem[] };

export type { ParsedSpec, SpecInput, ImageSource, ContainerResources } from './schema.js';
export type { ResourceNames } from './names.js';

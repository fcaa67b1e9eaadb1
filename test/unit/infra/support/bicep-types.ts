/**
 * Checks a resource body read by bicep-text.ts against the resource types of Azure/bicep-types-az
 * recorded in ../fixtures/bicep-types.json (regenerate it with ../fixtures/extract-bicep-types.ts):
 * every property name must exist in the type at that api-version and must not be read-only.
 */
import { readFileSync } from 'node:fs';
import type { BicepResource, BicepValue } from './bicep-text.js';

/** An object type (property name → [node id or null for a scalar, read-only]), an array, or any. */
export type SchemaNode =
  | { object: Record<string, [string | null, boolean]>; additional?: string | null }
  | { array: string | null }
  | 'any';

export interface BicepTypesFixture {
  source: { repository: string; commit: string };
  /** The types.json files the nodes come from, relative to the repository. */
  files: string[];
  /** Resource type → every api-version bicep-types-az has a types.md entry for. */
  apiVersions: Record<string, string[]>;
  /** `Type@version` → its types.json and the node id of its body. */
  resources: Record<string, { file: string; body: string }>;
  nodes: Record<string, SchemaNode>;
}

export function loadBicepTypes(): BicepTypesFixture {
  const url = new URL('../fixtures/bicep-types.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as BicepTypesFixture;
}

/** Keys Bicep itself gives every resource declaration; they are not sent to ARM. */
const BICEP_KEYWORDS = new Set(['scope', 'parent', 'dependsOn']);

function check(
  types: BicepTypesFixture,
  value: BicepValue,
  nodeId: string | null,
  path: string,
  problems: string[],
): void {
  if (value.kind === 'expression') return;
  const node = nodeId === null ? null : types.nodes[nodeId];
  if (node === 'any') return;
  if (node === null || node === undefined) {
    problems.push(`${path}: an ${value.kind} literal where the type has a single value`);
  } else if (value.kind === 'array') {
    if (!('array' in node)) problems.push(`${path}: an array where the type has an object`);
    else
      value.items.forEach((item, i) => check(types, item, node.array, `${path}[${i}]`, problems));
  } else if (!('object' in node)) {
    problems.push(`${path}: an object where the type has an array`);
  } else {
    for (const [key, child] of value.entries) {
      const known = node.object[key];
      if (known?.[1]) problems.push(`${path}.${key} is read-only`);
      if (known) check(types, child, known[0], `${path}.${key}`, problems);
      else if ('additional' in node)
        check(types, child, node.additional ?? null, `${path}.${key}`, problems);
      else problems.push(`${path}.${key} is not a property of this type`);
    }
  }
}

/** What is wrong with a resource's type, api-version and property names; empty when nothing. */
export function typeProblems(types: BicepTypesFixture, resource: BicepResource): string[] {
  const name = `${resource.type}@${resource.apiVersion}`;
  const known = types.resources[name];
  if (!known) {
    const versions = types.apiVersions[resource.type] ?? [];
    return versions.includes(resource.apiVersion)
      ? [
          `${name}: fixtures/bicep-types.json has no schema for it; regenerate it with fixtures/extract-bicep-types.ts`,
        ]
      : [`${name} is not in ${types.source.repository} (it has ${versions.join(', ') || 'none'})`];
  }
  if (resource.existing) return [];
  const body = {
    ...resource.body,
    entries: resource.body.entries.filter(([key]) => !BICEP_KEYWORDS.has(key)),
  };
  const problems: string[] = [];
  check(types, body, known.body, `${resource.symbol} (${name})`, problems);
  return problems;
}

import assert from 'node:assert/strict';
import {
  buildPlan,
  type Plan,
  type PlannedResource,
  type PlanOptions,
} from '../../../src/plan/index.js';
import { parseSpec, type EnvironmentSpec } from '../../../src/spec/index.js';
import { exampleInput, specWith } from '../../support/specs.js';

export type Example = 'minimal' | 'full';

type Json = Record<string, unknown>;

/** An example spec, parsed with every default applied; `changes` are merged into the input first. */
export function exampleSpec(example: Example, changes: Json = {}): EnvironmentSpec {
  const result = parseSpec(specWith(changes, exampleInput(example)));
  if (!result.ok) assert.fail(JSON.stringify(result.problems));
  return result.spec;
}

export function examplePlan(example: Example, changes: Json = {}, options?: PlanOptions): Plan {
  return buildPlan(exampleSpec(example, changes), options);
}

export function ofType(plan: Plan, type: string): PlannedResource[] {
  return plan.resources.filter((r) => r.type === type);
}

export function only(plan: Plan, type: string): PlannedResource {
  const found = ofType(plan, type);
  assert.equal(found.length, 1, `expected exactly one ${type}, found ${found.length}`);
  return found[0]!;
}

export function byId(plan: Plan, id: string): PlannedResource {
  const found = plan.resources.find((r) => r.id.toLowerCase() === id.toLowerCase());
  assert.ok(found, `expected ${id} in the plan`);
  return found;
}

/** Reads a dotted path such as `properties.subnets` from a body, failing the test when absent. */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    assert.ok(current !== null && typeof current === 'object', `no ${path} (stopped at ${key})`);
    current = (current as Json)[key];
  }
  assert.notEqual(current, undefined, `no ${path}`);
  return current;
}

export function list(value: unknown, path: string): Json[] {
  const found = at(value, path);
  assert.ok(Array.isArray(found), `${path} is not a list`);
  return found as Json[];
}

export function named(items: Json[], name: string): Json {
  const found = items.find((item) => item.name === name);
  assert.ok(found, `no item named ${name} among ${items.map((i) => String(i.name)).join(', ')}`);
  return found;
}

/** The `{ name: value }` map of a container's environment variables. */
export function envOf(container: Json): Record<string, string> {
  const vars = list(container, 'properties.environmentVariables');
  return Object.fromEntries(vars.map((v) => [String(v.name), String(v.value)]));
}

export const EXAMPLES: Example[] = ['minimal', 'full'];

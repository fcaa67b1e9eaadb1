// Small accessors for shaping a resource body in place (arm-shape*.ts).
import type { Json } from '../core/model.js';

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value.properties`, created empty when absent. */
export function propertiesOf(value: Json): Json {
  if (!isObject(value.properties)) value.properties = {};
  return value.properties as Json;
}

/** The objects of the list at `parent[field]`; none when it is not a list. */
export function listAt(parent: Json, field: string): Json[] {
  const list = parent[field];
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** Sets each of `fields` to `[]` where the body has no value for it. */
export function emptyListsAbsent(parent: Json, fields: readonly string[]): void {
  for (const field of fields) parent[field] ??= [];
}

/**
 * `/subscriptions/{s}/resourcegroups/…`: the casing the Managed Identity RP gives its own ids
 * (`…/Microsoft.ManagedIdentity/stable/2024-11-30/examples/IdentityGet.json`; azure-cli#27099,
 * pulumi-azure-native#2152) and that identity map keys come back with (azure-rest-api-specs#17038).
 */
export function armCasedId(id: string): string {
  return id.replace(/^(\/subscriptions\/[^/]+)\/resourceGroups\//i, '$1/resourcegroups/');
}

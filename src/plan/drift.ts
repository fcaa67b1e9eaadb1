// Compares a desired ARM body with the resource in Azure, so only real changes are PUT.
import { inDesiredSpelling, sameArmString, unreturnedDrift } from './arm-read-back.js';
import type { JsonValue } from './types.js';

/**
 * Where a resource in Azure differs from its desired body: the JSON paths of every desired value
 * the actual resource does not hold. Empty means a PUT would change nothing, so none is sent.
 * Azure adds read-only properties (provisioningState, ids, etags, IPs), so keys the desired body
 * does not name are ignored; resource ids (values and map keys) and locations compare the way ARM
 * does, ignoring case and, for locations, spaces; values ARM never returns (secrets) or spells its
 * own way (SKUs, role definition ids) compare as arm-read-back.ts says.
 */
export function bodyDrift(desired: JsonValue, actual: unknown, path = ''): string[] {
  if (Array.isArray(desired)) return arrayDrift(desired, actual, path);
  if (desired !== null && typeof desired === 'object') {
    const held = path ? actual : inDesiredSpelling(desired, actual);
    if (!isObject(held)) return [path || '(body)'];
    return Object.entries(desired).flatMap(([key, value]) => {
      const at = path ? `${path}.${key}` : key;
      return unreturnedDrift(key, value, held, at) ?? bodyDrift(value, valueAt(held, key), at);
    });
  }
  return sameScalar(desired, actual, path) ? [] : [path || '(body)'];
}

/**
 * A map keyed by resource ids (`identity.userAssignedIdentities`) comes back with ARM's casing,
 * `resourcegroups` lower-cased for one (Azure/azure-rest-api-specs#17038): ids match as ARM
 * compares them, ignoring case.
 */
function valueAt(actual: Record<string, unknown>, key: string): unknown {
  if (key in actual || !key.startsWith('/subscriptions/')) return actual[key];
  const match = Object.keys(actual).find((k) => sameText(k, key));
  return match === undefined ? undefined : actual[match];
}

/** Lists of named items (containers, listeners, pools) match by name: ARM may reorder them. */
function arrayDrift(desired: JsonValue[], actual: unknown, path: string): string[] {
  if (!Array.isArray(actual) || actual.length !== desired.length) return [path];
  const items: unknown[] = actual;
  return desired.flatMap((item, index) => {
    const name = nameOf(item);
    const match =
      name === undefined ? items[index] : items.find((a) => sameText(nameOf(a) ?? '', name));
    return bodyDrift(item, match, `${path}[${index}]`);
  });
}

function nameOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.name === 'string' ? value.name : undefined;
}

function sameScalar(desired: JsonValue, actual: unknown, path: string): boolean {
  if (typeof desired === 'string' && typeof actual === 'string')
    return sameArmString(desired, actual, path);
  return desired === actual;
}

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

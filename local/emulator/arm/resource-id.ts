// Parses ARM paths. ARM ids are case-insensitive: lookups use `key(id)`, responses keep the casing
// of the request that created the resource.

export interface ArmPath {
  subscription: string;
  resourceGroup?: string;
  /** Id of the scope holding the resource: the resource group, or a resource for extensions. */
  scope: string;
  namespace: string;
  types: string[];
  names: string[];
  /** A trailing segment after the name/type pairs: a collection (GET) or an action (POST). */
  trailing?: string;
}

export const key = (id: string): string => id.toLowerCase();

export function resourceType(path: ArmPath): string {
  return [path.namespace, ...path.types].join('/');
}

export function resourceId(path: ArmPath): string {
  const pairs = path.types.flatMap((t, i) => [t, path.names[i] ?? '']);
  return [path.scope, 'providers', path.namespace, ...pairs].join('/');
}

export function parentId(path: ArmPath): string | undefined {
  if (path.names.length < 2) return undefined;
  return resourceId({ ...path, types: path.types.slice(0, -1), names: path.names.slice(0, -1) });
}

export function resourceGroupId(subscription: string, rg: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${rg}`;
}

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}/…` (extensions allowed). */
export function parseArmPath(path: string): ArmPath | undefined {
  return armPathOf(path.split('/').filter((s) => s.length > 0));
}

/** `parseArmPath` for a path already split into its non-empty segments. */
export function armPathOf(segments: string[]): ArmPath | undefined {
  if (segments[0]?.toLowerCase() !== 'subscriptions' || !segments[1]) return undefined;
  const lastProviders = segments.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (lastProviders < 2 || !segments[lastProviders + 1]) return undefined;
  const scope = '/' + segments.slice(0, lastProviders).join('/');
  const rest = segments.slice(lastProviders + 2);
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) {
    types.push(rest[i] ?? '');
    names.push(rest[i + 1] ?? '');
  }
  const trailing = rest.length % 2 === 1 ? rest[rest.length - 1] : undefined;
  const rgIndex = segments[2]?.toLowerCase() === 'resourcegroups' ? 3 : -1;
  return {
    subscription: segments[1],
    resourceGroup: rgIndex > 0 ? segments[rgIndex] : undefined,
    scope,
    namespace: segments[lastProviders + 1] ?? '',
    types,
    names,
    trailing,
  };
}

export function nameOf(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? '';
}

/** The resource group part of any id under a resource group, or undefined. */
export function resourceGroupOf(
  id: string,
): { subscription: string; resourceGroup: string } | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)/i.exec(id);
  return m?.[1] && m[2] ? { subscription: m[1], resourceGroup: m[2] } : undefined;
}

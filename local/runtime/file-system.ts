// A container's file system on this machine: no mount namespace, so each absolute path a
// container is told about (a volume's mount path, /tmp) is moved under the group's own folder.

/** Container path prefix → host folder, e.g. `/etc/nginx/tls` → `.state/runtime/groups/g/volumes/tls`. */
export type PathMap = ReadonlyMap<string, string>;

/** The longest mapped prefix first, so `/etc/nginx/tls` wins over `/etc`. */
function prefixes(map: PathMap): [string, string][] {
  return [...map].sort(([a], [b]) => b.length - a.length);
}

/** The host path of a container path, or the path itself when nothing maps it. */
export function hostPath(map: PathMap, path: string): string {
  for (const [prefix, host] of prefixes(map)) {
    if (path === prefix) return host;
    if (path.startsWith(`${prefix}/`)) return `${host}${path.slice(prefix.length)}`;
  }
  return path;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Every mapped path inside a text (a config file), where it starts a word. One pass, so a host
 * folder that itself lies under a mapped prefix (/tmp/…) is not moved again.
 */
export function rewritePaths(map: PathMap, text: string): string {
  const ordered = prefixes(map);
  if (ordered.length === 0) return text;
  const alternatives = ordered.map(([prefix]) => escape(prefix)).join('|');
  const pattern = new RegExp(`(^|[\\s"'=])(${alternatives})(?=[/\\s;"']|$)`, 'gm');
  const hosts = new Map(ordered);
  return text.replace(
    pattern,
    (_, before: string, prefix: string) => `${before}${hosts.get(prefix) ?? prefix}`,
  );
}

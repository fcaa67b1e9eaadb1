// Tokens for values known only at deploy time inside planned bodies, and their resolution.
import type { JsonValue } from './types.js';

/**
 * Values known only at deploy time are written into bodies as tokens inside strings:
 * `${ref:<resource id>:<dotted path into its GET response>}` and `${param:<name>}`.
 * The provisioning stage GETs the referenced (already created) resources and substitutes them.
 */
export type Reference =
  { kind: 'ref'; resourceId: string; path: string } | { kind: 'param'; name: string };

export interface ReferenceLookup {
  /** GET responses by resource id (matched case-insensitively, as ARM ids are). */
  resources?: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;
  params?: Readonly<Record<string, string | undefined>>;
}

export type ResolveResult<T> =
  { ok: true; value: T } | { ok: false; missing: Reference; message: string };

const TOKEN = /\$\{(ref|param):([^}]*)\}/g;
const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

export function ref(resourceId: string, path: string): string {
  if (!resourceId.startsWith('/') || resourceId.includes('}') || resourceId.includes(':')) {
    throw new Error(`ref: ${resourceId} is not an ARM resource id`);
  }
  if (!PATH.test(path)) throw new Error(`ref: ${path} is not a dotted path`);
  return `\${ref:${resourceId}:${path}}`;
}

export function param(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`param: ${name} is not a name`);
  return `\${param:${name}}`;
}

function parseToken(kind: string, inner: string): Reference {
  if (kind === 'param') return { kind: 'param', name: inner };
  const split = inner.lastIndexOf(':');
  return { kind: 'ref', resourceId: inner.slice(0, split), path: inner.slice(split + 1) };
}

function referencesIn(text: string): Reference[] {
  return [...text.matchAll(TOKEN)].map((m) => parseToken(m[1]!, m[2]!));
}

// Stryker disable next-line ArrayDeclaration: an extra string in the list holds no token, so findReferences (the only caller) finds the same references
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) strings(item, out);
  }
  return out;
}

export function describeReference(r: Reference): string {
  return r.kind === 'ref' ? `${r.resourceId} (${r.path})` : `parameter ${r.name}`;
}

/** Every distinct reference in a body, in order of first appearance. */
export function findReferences(body: unknown): Reference[] {
  const seen = new Map<string, Reference>();
  for (const text of strings(body)) {
    for (const r of referencesIn(text)) {
      const key =
        r.kind === 'ref' ? `ref|${r.resourceId.toLowerCase()}|${r.path}` : `param|${r.name}`;
      if (!seen.has(key)) seen.set(key, r);
    }
  }
  return [...seen.values()];
}

function getResource(lookup: ReferenceLookup, id: string): unknown {
  const resources = lookup.resources;
  if (!resources) return undefined;
  const entries: Iterable<[string, unknown]> =
    resources instanceof Map ? resources.entries() : Object.entries(resources);
  const wanted = id.toLowerCase();
  for (const [key, value] of entries) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function atPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function valueOf(r: Reference, lookup: ReferenceLookup): string | undefined {
  const found =
    r.kind === 'param'
      ? lookup.params?.[r.name]
      : atPath(getResource(lookup, r.resourceId), r.path);
  if (typeof found === 'string' && found !== '') return found;
  if (typeof found === 'number' || typeof found === 'boolean') return String(found);
  return undefined;
}

class Missing extends Error {
  constructor(readonly reference: Reference) {
    super(`no value for ${describeReference(reference)}`);
  }
}

function substitute(value: JsonValue, lookup: ReferenceLookup): JsonValue {
  if (typeof value === 'string') {
    return value.replace(TOKEN, (_whole, kind: string, inner: string) => {
      const r = parseToken(kind, inner);
      const found = valueOf(r, lookup);
      if (found === undefined) throw new Missing(r);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, lookup));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, lookup)]));
  }
  return value;
}

/**
 * Substitutes every token. Pure: returns the first reference that has no (non-empty, scalar)
 * value as an error instead of throwing, so the caller can say which resource to create first.
 */
export function resolveReferences<T extends JsonValue>(
  body: T,
  lookup: ReferenceLookup,
): ResolveResult<T> {
  try {
    return { ok: true, value: substitute(body, lookup) as T };
  } catch (error) {
    if (!(error instanceof Missing)) throw error;
    const reference = error.reference;
    const hint =
      reference.kind === 'ref'
        ? ': is the resource created and the path present in its GET response?'
        : '';
    return { ok: false, missing: reference, message: `${error.message}${hint}` };
  }
}

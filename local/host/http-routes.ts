// Route templates of HTTP triggers, in the ASP.NET syntax the Functions host uses:
// `environments/{id}`, optional `{id?}`, catch-all `{*path}`, constraints `{n:int}`, `{s:alpha}`,
// `{g:guid}`. Literals match case-insensitively. Literal-heavy templates win over parameters.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#customize-the-http-endpoint

export interface CompiledRoute<T> {
  readonly template: string;
  readonly target: T;
  readonly regex: RegExp;
  readonly params: readonly string[];
  readonly rank: number;
}

const constraintPatterns: Record<string, string> = {
  int: '-?\\d+',
  long: '-?\\d+',
  alpha: '[A-Za-z]+',
  bool: '(?:true|false)',
  guid: '[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}',
};

export function compileRoute<T>(template: string, target: T): CompiledRoute<T> {
  const params: string[] = [];
  const segments = template.replace(/^\/+|\/+$/g, '').split('/');
  let pattern = '';
  let rank = 0;
  segments.forEach((segment, index) => {
    const slash = index === 0 ? '' : '/';
    const whole = /^\{(\*)?([A-Za-z_][\w-]*)(?::(\w+)(?:\([^)]*\))?)?(\?)?\}$/.exec(segment);
    if (whole) {
      const [, star, name = '', constraint, optional] = whole;
      params.push(name);
      const inner = star ? '.*' : (constraintPatterns[constraint ?? ''] ?? '[^/]+');
      pattern += optional || star ? `(?:${slash}(${inner}))?` : `${slash}(${inner})`;
      rank += star ? 0 : 1;
      return;
    }
    pattern += slash + segmentPattern(segment, params);
    rank += 100;
  });
  return { template, target, regex: new RegExp(`^${pattern}/?$`, 'i'), params, rank };
}

/** Sorted so that the most specific template is tried first. */
export function routeTable<T>(routes: CompiledRoute<T>[]): CompiledRoute<T>[] {
  return [...routes].sort((a, b) => b.rank - a.rank || b.template.length - a.template.length);
}

export function matchRoute<T>(
  table: readonly CompiledRoute<T>[],
  path: string,
  accepts: (target: T) => boolean = () => true,
): { route: CompiledRoute<T>; params: Record<string, string> } | undefined {
  const trimmed = path.replace(/^\/+/, '');
  for (const route of table) {
    const m = route.regex.exec(trimmed);
    if (!m || !accepts(route.target)) continue;
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => {
      const value = m[i + 1];
      if (value !== undefined) params[name] = decodeURIComponent(value);
    });
    return { route, params };
  }
  return undefined;
}

function segmentPattern(segment: string, params: string[]): string {
  return segment
    .split(/(\{[^}]+\})/)
    .filter((part) => part !== '')
    .map((part) => {
      const p = /^\{([A-Za-z_][\w-]*)(?::\w+)?\}$/.exec(part);
      if (!p) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(p[1] ?? '');
      return '([^/]+?)';
    })
    .join('');
}

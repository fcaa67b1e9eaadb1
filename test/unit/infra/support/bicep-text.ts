/**
 * Reads the resource declarations of a Bicep file as text: each resource's type, api-version and
 * body as a tree of object keys, array items and expression source text. No Bicep CLI can be
 * installed here (it is not on npm), so the tests check the templates through this reader. It
 * understands what infra/ uses: top-level `resource` declarations (also `[for … : {…}]` loops and
 * `if (…)` conditions), object and array literals, strings with `${…}`, comments; a nested
 * `resource` inside a body is refused, so children are declared at top level with `parent:`.
 */

export type BicepValue = BicepObject | BicepArray | BicepExpression;

export interface BicepObject {
  kind: 'object';
  entries: [string, BicepValue][];
}

export interface BicepArray {
  kind: 'array';
  items: BicepValue[];
}

/** Anything that is not an object or array literal, as written (`'FC1'`, `identity.id`, …). */
export interface BicepExpression {
  kind: 'expression';
  text: string;
}

export interface BicepResource {
  symbol: string;
  type: string;
  apiVersion: string;
  existing: boolean;
  body: BicepObject;
}

interface Token {
  kind: 'newline' | 'word' | 'string' | 'symbol';
  text: string;
  start: number;
  end: number;
}

const WORD = /[A-Za-z0-9_]/;

function readString(source: string, start: number): number {
  if (source.startsWith("'''", start)) {
    const close = source.indexOf("'''", start + 3);
    if (close < 0) throw new Error(`unterminated multi-line string at ${start}`);
    return close + 3;
  }
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === "'") return i + 1;
    else if (source.startsWith('${', i)) i = readInterpolation(source, i + 2);
    else i += 1;
  }
  throw new Error(`unterminated string at ${start}`);
}

/** From just after `${` to just after its closing `}`, across nested strings and braces. */
function readInterpolation(source: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === "'") i = readString(source, i);
    else {
      if (c === '{') depth += 1;
      if (c === '}' && --depth === 0) return i + 1;
      i += 1;
    }
  }
  throw new Error(`unterminated interpolation at ${start}`);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const start = i;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', start, end: ++i });
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i += 1;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`unterminated comment at ${start}`);
      i = end + 2;
    } else if (c === "'") {
      i = readString(source, i);
      tokens.push({ kind: 'string', text: source.slice(start, i), start, end: i });
    } else if (WORD.test(c)) {
      while (i < source.length && WORD.test(source[i]!)) i += 1;
      tokens.push({ kind: 'word', text: source.slice(start, i), start, end: i });
    } else {
      tokens.push({ kind: 'symbol', text: c, start, end: ++i });
    }
  }
  return tokens;
}

class Reader {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new Error('unexpected end of file');
    return token;
  }

  expect(text: string): Token {
    const token = this.next();
    if (token.text !== text)
      throw new Error(`expected '${text}' at ${token.start}, found '${token.text}'`);
    return token;
  }

  skipNewlines(): void {
    while (this.peek()?.kind === 'newline' || this.peek()?.text === ',') this.at += 1;
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  /** Tokens up to (not including) a newline, `,`, `}` or `]` outside any bracket. */
  expression(): BicepExpression {
    let depth = 0;
    const first = this.peek();
    let last = first;
    for (let token = this.peek(); token; token = this.peek()) {
      if (depth === 0 && (token.kind === 'newline' || [',', '}', ']'].includes(token.text))) break;
      if (['(', '[', '{'].includes(token.text)) depth += 1;
      if ([')', ']', '}'].includes(token.text)) depth -= 1;
      last = this.next();
    }
    if (!first || !last || first === this.peek()) throw new Error('expected a value');
    return { kind: 'expression', text: this.source.slice(first.start, last.end) };
  }

  /** Skips a balanced `( … )`, `[ … ]` or `{ … }` starting at the current token. */
  skipBalanced(): void {
    let depth = 0;
    do {
      const token = this.next();
      if (['(', '[', '{'].includes(token.text)) depth += 1;
      if ([')', ']', '}'].includes(token.text)) depth -= 1;
    } while (depth > 0);
  }

  value(): BicepValue {
    const token = this.peek();
    if (token?.text === '{') return this.object();
    if (token?.text === '[') return this.array();
    return this.expression();
  }

  object(): BicepObject {
    this.expect('{');
    const entries: [string, BicepValue][] = [];
    for (this.skipNewlines(); this.peek()?.text !== '}'; this.skipNewlines()) {
      const key = this.next();
      if (key.kind === 'word' && key.text === 'resource') {
        throw new Error(`nested resource at ${key.start}: declare it at top level with parent:`);
      }
      if (key.kind !== 'word' && key.kind !== 'string') {
        throw new Error(`expected a property name at ${key.start}, found '${key.text}'`);
      }
      this.expect(':');
      const name = key.kind === 'string' ? key.text.slice(1, -1) : key.text;
      entries.push([name, this.value()]);
    }
    this.expect('}');
    return { kind: 'object', entries };
  }

  array(): BicepArray {
    this.expect('[');
    const items: BicepValue[] = [];
    this.skipNewlines();
    if (this.peek()?.text === 'for') {
      this.loopHeader();
      items.push(this.value());
      this.skipNewlines();
    } else {
      for (this.skipNewlines(); this.peek()?.text !== ']'; this.skipNewlines()) {
        items.push(this.value());
      }
    }
    this.expect(']');
    return { kind: 'array', items };
  }

  /** `for x in y:` (and an `if (…)` after it), leaving the reader at the looped value. */
  loopHeader(): void {
    this.expect('for');
    while (this.peek()?.text !== ':') {
      if (this.peek()?.text === '(') this.skipBalanced();
      else this.next();
    }
    this.expect(':');
    this.condition();
  }

  condition(): void {
    if (this.peek()?.text !== 'if') return;
    this.next();
    this.skipBalanced();
  }
}

/** Every `resource` declared at the top level of a Bicep file, in order. */
export function readResources(source: string): BicepResource[] {
  const reader = new Reader(source, tokenize(source));
  const resources: BicepResource[] = [];
  let lineStart = true;
  while (!reader.done()) {
    const token = reader.next();
    if (!(lineStart && token.kind === 'word' && token.text === 'resource')) {
      lineStart = token.kind === 'newline';
      continue;
    }
    const symbol = reader.next().text;
    const typeToken = reader.next();
    const [type = '', apiVersion = ''] = typeToken.text.slice(1, -1).split('@');
    const existing = reader.peek()?.text === 'existing';
    if (existing) reader.next();
    reader.expect('=');
    reader.condition();
    const value = reader.value();
    const body = value.kind === 'array' ? value.items[0] : value;
    if (body?.kind !== 'object') throw new Error(`resource ${symbol} has no object body`);
    resources.push({ symbol, type, apiVersion, existing, body });
    lineStart = false;
  }
  return resources;
}

/** The value at a path of object keys (`['properties', 'sku', 'name']`), if there is one. */
export function valueAt(value: BicepValue | undefined, path: string[]): BicepValue | undefined {
  let current = value;
  for (const key of path) {
    if (current?.kind !== 'object') return undefined;
    current = current.entries.find(([name]) => name === key)?.[1];
  }
  return current;
}

/** The source text of the expression at a path (`"'FC1'"`), or undefined. */
export function textAt(value: BicepValue | undefined, path: string[]): string | undefined {
  const found = valueAt(value, path);
  return found?.kind === 'expression' ? found.text : undefined;
}

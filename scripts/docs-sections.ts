// The generated sections of docs/architecture.md and how they are spliced between their markers.
import { readFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { fileURLToPath } from 'node:url';
import { buildPlan } from '../src/plan/index.js';
import { stageDocs } from '../src/provisioning/stage-docs.js';
import { parseSpec } from '../src/spec/index.js';

/** Section name → generated markdown. */
export function architectureDoc(): Record<string, string> {
  const example = fileURLToPath(new URL('../examples/full.json', import.meta.url));
  const parsed = parseSpec(JSON.parse(readFileSync(example, 'utf8')));
  if (!parsed.ok) throw new Error('examples/full.json is not a valid spec');
  return { stages: stageDocs(buildPlan(parsed.spec)) };
}

export function withGeneratedSections(doc: string, sections: Record<string, string>): string {
  let out = doc;
  for (const [name, body] of Object.entries(sections)) {
    const begin = `<!-- ${name}:begin -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs: markers ${begin} … ${end} not found`);
    out = `${out.slice(0, from + begin.length)}\n${body}${out.slice(to)}`;
  }
  return out;
}

/** The document with every generated section rewritten, formatted as `npm run format` would. */
export async function regenerated(doc: string, file: string): Promise<string> {
  const config = (await resolveConfig(file)) ?? {};
  return format(withGeneratedSections(doc, architectureDoc()), { ...config, filepath: file });
}

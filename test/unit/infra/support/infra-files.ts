/** The templates of infra/ as the tests read them: text and resource declarations per file. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../support/cli.js';
import { readResources, valueAt, type BicepResource, type BicepValue } from './bicep-text.js';

export const infraDir = join(repoRoot, 'infra');

export function infraText(file: string): string {
  return readFileSync(join(infraDir, file), 'utf8');
}

export function bicepFiles(): string[] {
  return readdirSync(infraDir)
    .filter((f) => f.endsWith('.bicep'))
    .sort();
}

export function resourcesIn(file: string): BicepResource[] {
  return readResources(infraText(file));
}

/** The one resource of a type in a file; fails the test when there is none or several. */
export function onlyResource(file: string, type: string): BicepResource {
  const found = resourcesIn(file).filter((r) => r.type.toLowerCase() === type.toLowerCase());
  if (found.length !== 1) throw new Error(`${file} declares ${found.length} ${type}, expected 1`);
  return found[0]!;
}

/** `{ name: 'X', value: … }` items of `properties.siteConfig.appSettings`, by name. */
export function appSettings(site: BicepResource): Map<string, string> {
  const list = valueAt(site.body, ['properties', 'siteConfig', 'appSettings']);
  if (list?.kind !== 'array') throw new Error(`${site.symbol} has no appSettings array`);
  const settings = new Map<string, string>();
  for (const item of list.items) {
    const name = textOf(valueAt(item, ['name']));
    settings.set(name.replace(/^'|'$/g, ''), textOf(valueAt(item, ['value'])));
  }
  return settings;
}

function textOf(value: BicepValue | undefined): string {
  if (value?.kind !== 'expression') throw new Error('expected an expression');
  return value.text;
}

/** The property names of an object value (empty when it is not an object literal). */
export function keysOf(value: BicepValue | undefined): string[] {
  return value?.kind === 'object' ? value.entries.map(([key]) => key) : [];
}

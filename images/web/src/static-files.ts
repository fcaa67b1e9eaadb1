import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentTypeOf, type StaticFile } from './app.js';

/** Every file of a flat folder (the image's `public/`), read once at start, keyed by URL path. */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const body = readFileSync(join(dir, entry.name));
    files.set(`/${entry.name}`, { body, contentType: contentTypeOf(entry.name) });
  }
  return files;
}

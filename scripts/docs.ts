// `npm run docs`: writes the generated sections of docs/architecture.md (the stage graph of the
// full example, from the stage table). A test fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { regenerated } from './docs-sections.js';

const file = fileURLToPath(new URL('../docs/architecture.md', import.meta.url));
const current = readFileSync(file, 'utf8');
const next = await regenerated(current, file);
if (next === current) process.stdout.write('docs/architecture.md is up to date\n');
else {
  writeFileSync(file, next);
  process.stdout.write('docs/architecture.md: generated sections rewritten\n');
}

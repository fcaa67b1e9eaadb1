#!/usr/bin/env node
// Entry point of the `aci-vnet-sidecars` command: runs the compiled CLI from dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/run.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'aci-vnet-sidecars: dist/ is missing; run `npm install` (or `npm run build`) first.\n',
  );
  process.exit(2);
}
await import(entry.href);

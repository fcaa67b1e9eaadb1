// Loads the app the way the Node worker does: settings into the environment, the fake core
// installed, then the entry point imported so its `app.*` calls register with the host.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installFakeCore } from './functions-core-fake.js';
import { Registry } from './registry.js';
import type { HostLogger } from './types.js';

const loaded = new Map<string, Promise<Registry>>();

/** Entry named by `entryPoint`, else by package.json `main`, resolved against `appRoot`. */
export function resolveEntryPoint(appRoot: string, entryPoint: string | undefined): string {
  const named = entryPoint ?? readMain(appRoot);
  const full = isAbsolute(named) ? named : resolve(appRoot, named);
  if (!existsSync(full)) {
    throw new Error(
      `Entry point ${full} does not exist. Build the app (npm run build) or pass an entry point.`,
    );
  }
  return full;
}

/**
 * Imports the entry once per process and returns what it registered. Registrations are global to
 * the process (@azure/functions keeps them in module state), so one process hosts one app.
 */
export function loadApp(entry: string, logger: HostLogger): Promise<Registry> {
  const cached = loaded.get(entry);
  if (cached) return cached;
  if (loaded.size > 0) {
    throw new Error(
      `This process already hosts ${[...loaded.keys()].join(', ')}; one app per process.`,
    );
  }
  const registry = installFakeCore(new Registry(), (level, message) => {
    if (level === 'error' || level === 'critical') logger.error(`[worker] ${message}`);
  });
  const promise = importEntry(entry).then(() => registry);
  loaded.set(entry, promise);
  return promise;
}

async function importEntry(entry: string): Promise<void> {
  const url = pathToFileURL(entry).href;
  try {
    await import(url);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
    const { register } = await import('tsx/esm/api');
    register();
    // Node caches the failed module job by URL; a distinct URL loads it again, now through tsx.
    await import(`${url}?tsx`);
  }
}

function readMain(appRoot: string): string {
  const pkgFile = resolve(appRoot, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { main?: unknown };
  if (typeof pkg.main !== 'string') throw new Error(`${pkgFile} has no "main" entry point.`);
  return pkg.main;
}

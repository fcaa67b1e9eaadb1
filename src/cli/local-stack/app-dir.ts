// The folder the local host runs in: host.json from the repository, a package.json naming the
// entry point, and a generated local.settings.json holding the app settings and the host's
// function key. The key is random, created once and kept, so scripts that read it keep working.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeLayout } from './paths.js';

export interface AppDir {
  readonly root: string;
  readonly settingsFile: string;
  readonly functionKey: string;
}

export function prepareAppDir(
  root: string,
  layout: CodeLayout,
  values: Record<string, string>,
): AppDir {
  mkdirSync(root, { recursive: true });
  copyFileSync(join(layout.packageRoot, 'host.json'), join(root, 'host.json'));
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify({ name: 'aci-vnet-sidecars-local', type: 'module', main: layout.functionsEntry }, null, 2)}\n`,
  );
  const settingsFile = join(root, 'local.settings.json');
  const functionKey = existingKey(settingsFile) ?? randomBytes(32).toString('base64url');
  const settings = {
    IsEncrypted: false,
    Values: { FUNCTIONS_WORKER_RUNTIME: 'node', ...values },
    Host: { FunctionKey: functionKey },
  };
  writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  return { root, settingsFile, functionKey };
}

function existingKey(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const key = (JSON.parse(readFileSync(file, 'utf8')) as { Host?: { FunctionKey?: unknown } })
      .Host?.FunctionKey;
    return typeof key === 'string' && key.length >= 16 ? key : undefined;
  } catch {
    return undefined;
  }
}

/** A shell snippet that reads the key from the file instead of printing it. */
export function keyFromFileSnippet(settingsFile: string): string {
  return `$(node -p 'require(process.argv[1]).Host.FunctionKey' ${JSON.stringify(settingsFile)})`;
}

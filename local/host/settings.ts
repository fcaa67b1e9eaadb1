// local.settings.json, read the way Core Tools reads it: `Values` become environment variables
// unless the variable is already set. Host keys live in the `Host` section, never in `Values`,
// so they do not end up in the environment (ARCHITECTURE: no secrets in environment variables).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const settingsFileNames = ['local.settings.json', 'local.settings.sample.json'] as const;

export interface HostKeys {
  /** Accepted for every auth level, and required for `admin` functions and the webhooks. */
  readonly master: string | undefined;
  /** Accepted for `function` auth level, for every function. */
  readonly function: string | undefined;
}

export interface LocalSettings {
  readonly file: string | undefined;
  readonly values: Readonly<Record<string, string>>;
  readonly port: number | undefined;
  readonly keys: HostKeys;
}

interface SettingsFile {
  Values?: Record<string, unknown>;
  Host?: { LocalHttpPort?: unknown; MasterKey?: unknown; FunctionKey?: unknown };
}

export function readLocalSettings(appRoot: string): LocalSettings {
  const file = settingsFileNames.map((n) => join(appRoot, n)).find((p) => existsSync(p));
  const parsed = file ? parseSettings(file) : {};
  const values = Object.fromEntries(
    Object.entries(parsed.Values ?? {}).map(([k, v]) => [k, String(v)]),
  );
  const host = parsed.Host ?? {};
  return {
    file,
    values,
    port: typeof host.LocalHttpPort === 'number' ? host.LocalHttpPort : undefined,
    keys: {
      master: stringOrUndefined(host.MasterKey),
      function: stringOrUndefined(host.FunctionKey),
    },
  };
}

/** Copies `Values` into `env` without overriding what the environment already holds. */
export function applySettings(settings: LocalSettings, env: NodeJS.ProcessEnv): void {
  for (const [key, value] of Object.entries(settings.values)) {
    if (env[key] === undefined) env[key] = value;
  }
}

function parseSettings(file: string): SettingsFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SettingsFile;
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); fix or delete it.`, {
      cause: err,
    });
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

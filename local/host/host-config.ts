// The parts of host.json the local host honours: the HTTP route prefix and the task hub name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HostConfig {
  /** Without slashes; '' when host.json sets `"routePrefix": ""`. */
  readonly routePrefix: string;
  readonly hubName: string;
}

interface HostJson {
  extensions?: { http?: { routePrefix?: unknown }; durableTask?: { hubName?: unknown } };
}

export function readHostConfig(appRoot: string): HostConfig {
  const file = join(appRoot, 'host.json');
  const json: HostJson = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as HostJson)
    : {};
  const prefix = json.extensions?.http?.routePrefix;
  const hub = json.extensions?.durableTask?.hubName;
  return {
    routePrefix: typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api',
    hubName: typeof hub === 'string' && hub ? hub : 'TestHubName',
  };
}

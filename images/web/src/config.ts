// The web container's environment, read and checked at once: one run lists every problem.
import { portFrom } from '../../shared/serve.js';

/** What the web container is told by the plan (src/plan/container-groups.ts), typed. */
export interface WebConfig {
  port: number;
  /** The API in the same group, asked server-side: `http://127.0.0.1:8080` in the plan. */
  apiUrl: URL;
  /** `CONTAINER_GROUP_NAME`: the group this page is served from; null when unset (local runs). */
  containerGroup: string | null;
}

export type WebConfigResult = { ok: true; config: WebConfig } | { ok: false; problems: string[] };

export const WEB_DEFAULTS = { PORT: 80, API_URL: 'http://127.0.0.1:8080' } as const;

type Env = Record<string, string | undefined>;

/** An http(s) origin and nothing else: the page appends `/api/...` to it. */
function apiUrl(value: string): URL | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  return /^https?:$/.test(url.protocol) && bare ? url : undefined;
}

/** Reads and checks every variable; unset optional ones take WEB_DEFAULTS. Pure. */
export function readWebConfig(env: Env): WebConfigResult {
  const problems: string[] = [];
  let port: number = WEB_DEFAULTS.PORT;
  try {
    port = portFrom(env.PORT, WEB_DEFAULTS.PORT);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const rawApiUrl = env.API_URL?.trim() || WEB_DEFAULTS.API_URL;
  const api = apiUrl(rawApiUrl);
  if (!api) {
    problems.push(
      `API_URL must be the API's origin, such as ${WEB_DEFAULTS.API_URL}, got ${JSON.stringify(rawApiUrl)}`,
    );
  }
  if (problems.length > 0 || !api) return { ok: false, problems };
  const containerGroup = env.CONTAINER_GROUP_NAME?.trim() || null;
  return { ok: true, config: { port, apiUrl: api, containerGroup } };
}

// The sidecar's environment, typed and checked at once: one run lists every problem.
import { isAbsolute } from 'node:path';

/** What the sidecar container is told by the plan (src/plan/container-groups.ts). */
export interface SidecarConfig {
  vaultUrl: string;
  certificateName: string;
  /** Where tls.crt and tls.key are written; nginx.conf names the same paths. */
  tlsDir: string;
  /** The nginx.conf the init container wrote; passed to every nginx command as `-c`. */
  nginxConfPath: string;
  /** How often Key Vault is asked for a new version, before ±10 % jitter. */
  checkIntervalMs: number;
}

export type SidecarConfigResult =
  { ok: true; config: SidecarConfig } | { ok: false; problems: string[] };

export const SIDECAR_DEFAULTS = {
  TLS_DIR: '/etc/nginx/tls',
  NGINX_CONF: '/etc/nginx/tls/nginx.conf',
  CHECK_INTERVAL_SECONDS: '3600',
} as const;

/** Key Vault allows thousands of reads per vault per 10 s; this keeps a typo from flooding it. */
const MIN_INTERVAL_SECONDS = 10;
const MAX_INTERVAL_SECONDS = 86_400;

type Env = Record<string, string | undefined>;
type Check = (value: string) => string | undefined;

function field(env: Env, name: string, problems: string[], check: Check, fallback?: string) {
  const value = env[name]?.trim() || fallback || '';
  if (!value) {
    problems.push(`${name} is not set`);
    return '';
  }
  const problem = check(value);
  if (problem) problems.push(`${name} ${problem}`);
  return value;
}

const absolute: Check = (v) => (isAbsolute(v) ? undefined : 'must be an absolute path');

/** Reads and checks every variable; unset optional ones take SIDECAR_DEFAULTS. Pure. */
export function readSidecarConfig(env: Env): SidecarConfigResult {
  const problems: string[] = [];
  const vaultUrl = field(env, 'KEY_VAULT_URL', problems, (v) =>
    /^https:\/\/[^\s/]+\/?$/.test(v)
      ? undefined
      : 'must be the vault URL, https://<name>.vault.azure.net/',
  );
  const certificateName = field(env, 'CERTIFICATE_NAME', problems, (v) =>
    /^[0-9A-Za-z-]{1,127}$/.test(v)
      ? undefined
      : 'must be a Key Vault object name (letters, digits, -)',
  );
  const tlsDir = field(env, 'TLS_DIR', problems, absolute, SIDECAR_DEFAULTS.TLS_DIR);
  const nginxConfPath = field(env, 'NGINX_CONF', problems, absolute, SIDECAR_DEFAULTS.NGINX_CONF);
  const interval = field(
    env,
    'CHECK_INTERVAL_SECONDS',
    problems,
    (v) =>
      /^\d+$/.test(v) && Number(v) >= MIN_INTERVAL_SECONDS && Number(v) <= MAX_INTERVAL_SECONDS
        ? undefined
        : `must be a whole number of seconds from ${MIN_INTERVAL_SECONDS} to ${MAX_INTERVAL_SECONDS}`,
    SIDECAR_DEFAULTS.CHECK_INTERVAL_SECONDS,
  );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      vaultUrl,
      certificateName,
      tlsDir,
      nginxConfPath,
      checkIntervalMs: Number(interval) * 1000,
    },
  };
}

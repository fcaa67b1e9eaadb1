import { isAbsolute } from 'node:path';

/** What the init container is told by the plan (src/plan/container-groups.ts), typed. */
export interface InitConfig {
  vaultUrl: string;
  certificateName: string;
  /** Full ARM id of the private DNS zone. */
  zoneId: string;
  subscriptionId: string;
  recordName: string;
  ttl: number;
  containerGroupId: string;
  tlsDir: string;
  nginxConf: string;
}

export type InitConfigResult = { ok: true; config: InitConfig } | { ok: false; problems: string[] };

const ZONE_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i;
const RECORD_NAME =
  /^(@|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*)$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type Env = Record<string, string | undefined>;

function field(
  env: Env,
  name: string,
  problems: string[],
  valid: (v: string) => string | undefined,
) {
  const value = env[name]?.trim() ?? '';
  if (!value) {
    problems.push(`${name} is not set`);
    return '';
  }
  const problem = valid(value);
  if (problem) problems.push(`${name} ${problem}`);
  return value;
}

const any = () => undefined;

function decodeConf(value: string): string | undefined {
  if (!BASE64.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return text.includes('{') ? text : undefined;
}

/** Reads and checks every variable at once, so one run lists every problem. Pure. */
export function readInitConfig(env: Env): InitConfigResult {
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
  const zoneId = field(env, 'PRIVATE_DNS_ZONE_ID', problems, (v) =>
    ZONE_ID.test(v) ? undefined : 'must be the resource id of a Microsoft.Network/privateDnsZones',
  );
  const recordName = field(env, 'DNS_RECORD_NAME', problems, (v) =>
    RECORD_NAME.test(v) ? undefined : 'must be a relative DNS name such as app-1',
  );
  const ttlText = field(env, 'DNS_TTL', problems, (v) =>
    /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 2_147_483_647
      ? undefined
      : 'must be a TTL in seconds (1 or more)',
  );
  const containerGroupId = field(env, 'CONTAINER_GROUP_ID', problems, any);
  const tlsDir = field(env, 'TLS_DIR', problems, (v) =>
    isAbsolute(v) ? undefined : 'must be an absolute path',
  );
  const confBase64 = field(env, 'NGINX_CONF_BASE64', problems, (v) =>
    decodeConf(v) ? undefined : 'must be the base64 of an nginx.conf',
  );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      vaultUrl,
      certificateName,
      zoneId,
      subscriptionId: ZONE_ID.exec(zoneId)?.[1] ?? '',
      recordName,
      ttl: Number(ttlText),
      containerGroupId,
      tlsDir,
      nginxConf: decodeConf(confBase64) ?? '',
    },
  };
}

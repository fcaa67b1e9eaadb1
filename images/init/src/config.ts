// The init container's environment, read and checked at once: where nginx's files go and what
// nginx.conf says. Nothing here names Azure: ACI gives init containers no identity.
import { isAbsolute } from 'node:path';

/** What the init container is told by the plan (src/plan/container-groups.ts), typed. */
export interface InitConfig {
  tlsDir: string;
  nginxConf: string;
  /** The port nginx must serve TLS on: 443 in ACI; the local runtime moves it (TLS_PORT). */
  tlsPort: number;
  /** Owner to give TLS_DIR so a non-root sidecar can write the certificate there. */
  sidecarUser: { uid: number; gid: number } | undefined;
}

export type InitConfigResult = { ok: true; config: InitConfig } | { ok: false; problems: string[] };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

type Env = Record<string, string | undefined>;

function decodeConf(value: string): string | undefined {
  if (!BASE64.test(value)) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  return text.includes('{') ? text : undefined;
}

function uidGid(value: string): { uid: number; gid: number } | undefined {
  const match = /^(\d{1,10}):(\d{1,10})$/.exec(value);
  return match ? { uid: Number(match[1]), gid: Number(match[2]) } : undefined;
}

/** Reads and checks every variable at once, so one run lists every problem. Pure. */
export function readInitConfig(env: Env): InitConfigResult {
  const problems: string[] = [];
  const tlsDir = env.TLS_DIR?.trim() ?? '';
  if (!tlsDir) problems.push('TLS_DIR is not set');
  else if (!isAbsolute(tlsDir)) problems.push('TLS_DIR must be an absolute path');
  const confBase64 = env.NGINX_CONF_BASE64?.trim() ?? '';
  const nginxConf = confBase64 ? decodeConf(confBase64) : undefined;
  if (!confBase64) problems.push('NGINX_CONF_BASE64 is not set');
  else if (!nginxConf) problems.push('NGINX_CONF_BASE64 must be the base64 of an nginx.conf');
  const owner = env.SIDECAR_USER?.trim();
  const sidecarUser = owner ? uidGid(owner) : undefined;
  if (owner && !sidecarUser) problems.push('SIDECAR_USER must be uid:gid, such as 101:101');
  const portText = env.TLS_PORT?.trim() || '443';
  const tlsPort = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || tlsPort < 1 || tlsPort > 65535)
    problems.push('TLS_PORT must be a TCP port number, such as 443');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { tlsDir, nginxConf: nginxConf ?? '', tlsPort, sidecarUser } };
}

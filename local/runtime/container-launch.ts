// How one container of a group starts on this machine: which bundled image, and its environment
// moved onto the group's loopback address and folders. Pure: records in, a launch or a problem out.
import { join } from 'node:path';
import { hostPath, rewritePaths, type PathMap } from './file-system.js';
import { rewriteLoopbackUrls, rewriteNginxNetwork } from './group-network.js';
import { http2AsListenParameter } from './nginx-http2.js';
import type { LoopbackMap } from './types.js';

/** A container as an ARM record of a container group lists it. */
export interface ContainerRecord {
  name?: string;
  properties?: {
    image?: string;
    command?: unknown;
    environmentVariables?: { name?: string; value?: string; secureValue?: string }[];
    volumeMounts?: { name?: string; mountPath?: string }[];
    ports?: { port?: number }[];
  };
}

/** Where one running group sits on this machine. */
export interface GroupPlace {
  /** The group's private IP in the emulated VNet, as ARM reports it. */
  privateIp: string;
  /** Its loopback address (loopback.ts). */
  address: string;
  /** The ports its containers declare: what they reach each other on over localhost. */
  ports: readonly number[];
  /** The host folder of the group's /tmp. */
  tmpDir: string;
  /** Host folder of each of the group's volumes, by volume name. */
  volumeDirs: Readonly<Record<string, string>>;
}

export interface LaunchContext {
  /** `dist/image-contexts`: one folder per image of images/, each with its bundled main.js. */
  imagesDir: string;
  loopback: LoopbackMap;
  /** Variables every container gets here and not in ACI: PATH, the local cloud's settings. */
  baseEnv: Readonly<Record<string, string>>;
  /** Who owns what the init container hands to the sidecar (SIDECAR_USER): this user. */
  owner: { uid: number; gid: number };
  /**
   * The emulator's time scale: the sidecar's Key Vault check interval (Azure time) is scaled like
   * every other duration, down to the sidecar's own floor.
   */
  timeScale?: number;
  /** Whether the installed nginx reads `http2 on;` (nginx-http2.ts); default yes. */
  nginxHttp2Directive?: boolean;
  /** The container's own managed identity endpoint (identity/), absent for none. */
  authorityHost?: string;
  /** Moves database settings to the local twin (database/container-database-env.ts). */
  database?: (env: Record<string, string>) => Record<string, string>;
}

export interface ContainerLaunch {
  name: string;
  image: string;
  /** `<imagesDir>/<repository>/main.js`. */
  entry: string;
  env: Record<string, string>;
}

export type LaunchResult = { ok: true; launch: ContainerLaunch } | { ok: false; problem: string };

/**
 * `myacr.azurecr.io/sidecar:1.0@sha256:…` → `sidecar`: the last path segment without tag or
 * digest, which is the images/ folder the registry's image was built from.
 */
export function repositoryOf(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1);
  return last.split('@')[0]!.split(':')[0]!;
}

/** The container's volumes and /tmp, as host folders. */
function pathMap(container: ContainerRecord, place: GroupPlace): PathMap | string {
  const map = new Map<string, string>([['/tmp', place.tmpDir]]);
  for (const mount of container.properties?.volumeMounts ?? []) {
    const dir = mount.name ? place.volumeDirs[mount.name] : undefined;
    if (!dir || !mount.mountPath) {
      return `volume mount ${JSON.stringify(mount.name ?? '')} names no volume of the group`;
    }
    map.set(mount.mountPath.replace(/\/+$/, ''), dir);
  }
  return map;
}

/** The sidecar refuses a shorter interval (images/sidecar/src/config.ts). */
const SIDECAR_MIN_CHECK_SECONDS = 10;

const isAbsolutePath = (value: string) => /^\/[^\s]*$/.test(value);

function translateValue(
  name: string,
  value: string,
  paths: PathMap,
  place: GroupPlace,
  ctx: LaunchContext,
): string {
  if (name === 'NGINX_CONF_BASE64') {
    const conf = Buffer.from(value, 'base64').toString('utf8');
    const network = rewriteNginxNetwork(conf, place, ctx.loopback);
    const syntax = ctx.nginxHttp2Directive === false ? http2AsListenParameter(network) : network;
    const moved = rewritePaths(paths, syntax);
    return Buffer.from(moved, 'utf8').toString('base64');
  }
  if (name === 'PORT' && /^\d{1,5}$/.test(value)) return String(ctx.loopback.port(Number(value)));
  if (name === 'SIDECAR_USER') return `${ctx.owner.uid}:${ctx.owner.gid}`;
  if (name === 'CHECK_INTERVAL_SECONDS' && /^\d+$/.test(value)) {
    const scaled = Math.round(Number(value) * (ctx.timeScale ?? 1));
    return String(Math.max(SIDECAR_MIN_CHECK_SECONDS, Math.min(Number(value), scaled)));
  }
  if (isAbsolutePath(value)) return hostPath(paths, value);
  return rewriteLoopbackUrls(value, place, ctx.loopback);
}

export function containerLaunch(
  container: ContainerRecord,
  place: GroupPlace,
  ctx: LaunchContext,
): LaunchResult {
  const name = container.name ?? '';
  const image = container.properties?.image ?? '';
  if (!image) return { ok: false, problem: `container ${name} has no image` };
  if (container.properties?.command !== undefined) {
    return {
      ok: false,
      problem: `container ${name} overrides its image's command; the local runtime runs only an image's own entry point`,
    };
  }
  const paths = pathMap(container, place);
  if (typeof paths === 'string') return { ok: false, problem: `container ${name}: ${paths}` };
  const own: Record<string, string> = {};
  for (const variable of container.properties?.environmentVariables ?? []) {
    if (!variable.name) continue;
    const value = variable.value ?? variable.secureValue ?? '';
    own[variable.name] = translateValue(variable.name, value, paths, place, ctx);
  }
  // The init container checks that nginx.conf serves TLS on 443, which moved with the group.
  if (own.NGINX_CONF_BASE64 !== undefined) own.TLS_PORT = String(ctx.loopback.port(443));
  const env: Record<string, string> = {
    ...ctx.baseEnv,
    ...(ctx.database ? ctx.database(own) : own),
    // The servers bind the group's address, as they bind the group's interface in ACI.
    HOST: place.address,
    // No interface carries the group's private IP here (images/api reports it as /api/ip).
    CONTAINER_GROUP_IP: place.privateIp,
    ...(ctx.authorityHost ? { AZURE_POD_IDENTITY_AUTHORITY_HOST: ctx.authorityHost } : {}),
  };
  return {
    ok: true,
    launch: { name, image, entry: join(ctx.imagesDir, repositoryOf(image), 'main.js'), env },
  };
}

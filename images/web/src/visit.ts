// One visit of the page: what the API in this group says, read from the original sample's
// endpoints (images/api/README.md). Recording the access is what moves the dashboard's chart.
import type { ApiAnswer, ApiClient, Forwarded } from './api-client.js';

/** A value the page shows, or why it cannot. */
export type Shown<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface RecordedAccess {
  /** The source address the database saw for the API's connection: the group's private IP in Azure. */
  sourceIp: string;
  at: string;
  containerGroup: string | null;
}

export interface ApiInstance {
  containerGroup: string | null;
  hostname: string | null;
  privateIp: string | null;
  forwardedFor: string | null;
  host: string | null;
}

export interface Visit {
  health: Shown<string>;
  databaseVersion: Shown<string>;
  access: Shown<RecordedAccess>;
  instance: Shown<ApiInstance>;
}

/** The endpoints a visit asks, each once and all at once. */
export const VISIT_PATHS = {
  health: '/api/healthcheck',
  databaseVersion: '/api/sqlversion',
  access: '/api/sqlsrciplog',
  instance: '/api/ip',
} as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function read<T>(answer: ApiAnswer, parse: (body: Json) => T | undefined): Shown<T> {
  if (!answer.ok) return answer;
  const value = isObject(answer.body) ? parse(answer.body) : undefined;
  return value === undefined
    ? { ok: false, reason: 'the answer has an unexpected shape' }
    : { ok: true, value };
}

/** `{"health":"OK","version":"2.0"}` → `OK (API 2.0)`. */
export function parseHealth(body: Json): string | undefined {
  const health = text(body.health);
  if (!health) return undefined;
  const version = text(body.version);
  return version ? `${health} (API ${version})` : health;
}

/** `{"sql_output":"Microsoft SQL Azure (RTM) - 12.0.2000.8 …"}`. */
export function parseSqlOutput(body: Json): string | undefined {
  return text(body.sql_output) ?? undefined;
}

/** `{"srciplog":{"ip","timestamp","container_group"}}`. */
export function parseAccess(body: Json): RecordedAccess | undefined {
  const log = isObject(body.srciplog) ? body.srciplog : undefined;
  const sourceIp = text(log?.ip);
  const at = text(log?.timestamp);
  if (!log || !sourceIp || !at) return undefined;
  return { sourceIp, at, containerGroup: text(log.container_group) };
}

/** `{"container_group","hostname","my_private_ip","x-forwarded-for","host"}`. */
export function parseInstance(body: Json): ApiInstance {
  return {
    containerGroup: text(body.container_group),
    hostname: text(body.hostname),
    privateIp: text(body.my_private_ip),
    forwardedFor: text(body['x-forwarded-for']),
    host: text(body.host),
  };
}

/** Asks the API everything the page shows; records one access as a side effect. */
export async function visit(api: ApiClient, forwarded: Forwarded): Promise<Visit> {
  const [health, databaseVersion, access, instance] = await Promise.all([
    api(VISIT_PATHS.health, forwarded),
    api(VISIT_PATHS.databaseVersion, forwarded),
    api(VISIT_PATHS.access, forwarded),
    api(VISIT_PATHS.instance, forwarded),
  ]);
  return {
    health: read(health, parseHealth),
    databaseVersion: read(databaseVersion, parseSqlOutput),
    access: read(access, parseAccess),
    instance: read(instance, parseInstance),
  };
}

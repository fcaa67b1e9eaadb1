// Shared by the local host tests: a host on the fixture app with its own state and record dirs,
// a logger that keeps lines, and polling without wall-clock assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startHost } from '../../../local/host/index.js';
import type { HostHandle, HostLogger, HostOptions } from '../../../local/host/index.js';
import { readRecords } from '../../fixtures/host-app/record.js';

export const fixtureRoot = fileURLToPath(new URL('../../fixtures/host-app/', import.meta.url));
export const masterKey = 'fixture-master-key';
export const functionKey = 'fixture-function-key';

export interface FixtureHost {
  readonly host: HostHandle;
  readonly url: string;
  readonly stateDir: string;
  readonly recordDir: string;
  readonly lines: string[];
  records(file: string): unknown[];
}

const created: string[] = [];
process.once('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS temp dir, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `host-${prefix}-`));
  created.push(dir);
  return dir;
}

export function memoryLogger(lines: string[]): HostLogger {
  return { info: (l) => lines.push(l), error: (l) => lines.push(l) };
}

/** The fixture app's host; the record dir is process-wide, so one per test file. */
export async function startFixtureHost(options: Partial<HostOptions> = {}): Promise<FixtureHost> {
  const recordDir = process.env.FIXTURE_RECORD_DIR ?? tempDir('records');
  process.env.FIXTURE_RECORD_DIR = recordDir;
  const stateDir = options.stateDir ?? tempDir('state');
  const lines: string[] = [];
  const host = await startHost({
    appRoot: fixtureRoot,
    port: 0,
    runTimers: false,
    logger: memoryLogger(lines),
    ...options,
    stateDir,
  });
  return {
    host,
    url: host.url,
    stateDir,
    recordDir,
    lines,
    records: (f) => readRecords(recordDir, f),
  };
}

/** Polls until `check` returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(10);
  }
}

export interface StatusDoc {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly input: unknown;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly historyEvents?: Record<string, unknown>[];
}

export function durableUrl(url: string, path: string, query = ''): string {
  return `${url}/runtime/webhooks/durabletask/${path}?code=${masterKey}${query}`;
}

export async function startOrchestration(
  url: string,
  name: string,
  input: unknown,
  id?: string,
): Promise<string> {
  const res = await fetch(durableUrl(url, `orchestrators/${name}${id ? `/${id}` : ''}`), {
    method: 'POST',
    body: JSON.stringify(input),
  });
  if (res.status !== 202) throw new Error(`start ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export async function getStatus(
  url: string,
  id: string,
  history = false,
): Promise<StatusDoc | undefined> {
  const res = await fetch(
    durableUrl(url, `instances/${id}`, history ? '&showHistory=true&showHistoryOutput=true' : ''),
  );
  return res.status === 404 ? undefined : ((await res.json()) as StatusDoc);
}

export function waitForStatus(
  url: string,
  id: string,
  statuses: string[],
  history = false,
): Promise<StatusDoc> {
  return waitFor(
    async () => {
      const s = await getStatus(url, id, history);
      return s && statuses.includes(s.runtimeStatus) ? s : undefined;
    },
    `instance ${id} to be ${statuses.join(' or ')}`,
  );
}

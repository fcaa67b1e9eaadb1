// A fresh process hosting one entry of the Functions app the way the local host loads it: the fake
// @azure/functions-core captures every registration (local/host/loader.ts). Registrations are
// global to a process, so comparing two entries takes two processes. It prints one JSON line:
// what the entry registered and, when asked, what a replay of an orchestrator scheduled, what an
// activity answered, and whether every chunk next to the entry loads.
// Usage: node --import tsx app-process.ts '<AppProcessRequest as JSON>'
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { durableClientData } from '../../../local/host/durable/client-data.js';
import { historyEvent } from '../../../local/host/durable/history-events.js';
import { flattenActions, replay } from '../../../local/host/durable/replay.js';
import { invoke } from '../../../local/host/invoke.js';
import { loadApp } from '../../../local/host/loader.js';
import type { FunctionRegistration } from '../../../local/host/types.js';

export interface AppProcessRequest {
  entry: string;
  /** Replays this orchestrator's first episode with this input. */
  orchestration?: { name: string; input: unknown };
  /** Runs this activity with this input (the app settings come from the environment). */
  activity?: { name: string; input: unknown };
  /** Imports every file of `<entry dir>/chunks` after the entry. */
  loadChunks?: boolean;
}

export interface AppProcessReport {
  functions: Omit<FunctionRegistration, 'handler'>[];
  orchestration?: { kind: string; actions: unknown[]; taskIds: number[] };
  activity?: { ok: boolean; value?: unknown; error?: string };
  chunks?: { loaded: number; failed: string[] };
}

const logger = {
  info: () => undefined,
  error: (line: string) => process.stderr.write(`${line}\n`),
};
const request = JSON.parse(process.argv[2] ?? '{}') as AppProcessRequest;
const registry = await loadApp(request.entry, logger);
const report: AppProcessReport = {
  functions: registry.all().map(({ handler: _handler, ...registration }) => registration),
};

function registered(name: string): FunctionRegistration {
  const fn = registry.get(name);
  if (!fn) throw new Error(`${request.entry} registers no function named ${name}`);
  return fn;
}

if (request.orchestration) {
  const at = new Date('2026-01-01T00:00:00Z');
  const outcome = await replay({
    fn: registered(request.orchestration.name),
    instanceId: 'bundle-check',
    input: request.orchestration.input,
    history: [
      historyEvent.orchestratorStarted(at),
      historyEvent.executionStarted(at, {
        name: request.orchestration.name,
        input: JSON.stringify(request.orchestration.input),
        instanceId: 'bundle-check',
        executionId: 'e1',
      }),
    ],
    logger,
  });
  report.orchestration = {
    kind: outcome.kind,
    actions: outcome.kind === 'state' ? flattenActions(outcome.state.actions) : [],
    taskIds: outcome.tasks.map((t) => t.id),
  };
}

if (request.activity) {
  const fn = registered(request.activity.name);
  // The durable client binding points at no host: the activity asks it nothing here.
  const client = durableClientData('http://127.0.0.1:9', 'bundle-check', undefined);
  const inputs = Object.fromEntries(fn.extraInputs.map((b) => [b.name, client]));
  const result = await invoke(fn, request.activity.input, { logger, extraInputs: inputs });
  report.activity = result.ok
    ? { ok: true, value: result.value }
    : { ok: false, error: String(result.error) };
}

if (request.loadChunks) {
  const dir = join(dirname(request.entry), 'chunks');
  const failed: string[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  for (const file of files) {
    await import(pathToFileURL(join(dir, file)).href).catch((error: unknown) =>
      failed.push(`${file}: ${String(error)}`),
    );
  }
  report.chunks = { loaded: files.length - failed.length, failed };
}

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);

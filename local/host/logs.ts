// Log lines of the host. One line per invocation, in the shape the Functions host prints
// ("Executed 'Functions.NAME' (Succeeded, Id=..., Duration=12ms)"), plus the error message when
// it failed: no stack, because an activity that throws is an expected outcome, not a host fault.
import type { HostLogger } from './types.js';

export type Outcome = 'Succeeded' | 'Failed';

export interface InvocationRecord {
  readonly functionName: string;
  readonly invocationId: string;
  readonly durationMs: number;
  readonly outcome: Outcome;
  readonly error?: string;
}

export function formatInvocation(r: InvocationRecord): string {
  const base = `Executed 'Functions.${r.functionName}' (${r.outcome}, Id=${r.invocationId}, Duration=${Math.round(r.durationMs)}ms)`;
  return r.error === undefined ? base : `${base} ${oneLine(r.error)}`;
}

/** durable-functions appends its orchestrator state to failure messages; logs keep the message. */
const outOfProcDataLabel = '\n\n$OutOfProcData$:';

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split(outOfProcDataLabel)[0] ?? err.message;
  return typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
}

export function consoleLogger(): HostLogger {
  return {
    info: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
  };
}

export function silentLogger(): HostLogger {
  return { info: () => undefined, error: () => undefined };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' | ');
}

// The shape of `GET /api/environments/{name}` as the CLI reads it (see
// src/provisioning/environments-api.ts), and pure helpers over it.
import { isActive } from '../../environments/index.js';

export interface StageView {
  readonly stage: string;
  readonly state: string;
  readonly summary?: string;
  readonly outputs?: Record<string, string | string[]>;
  readonly error?: { code: string; message: string };
}

export interface StatusView {
  readonly environment: string;
  readonly runtimeStatus: string;
  readonly stages: readonly StageView[];
  /** The plan's warnings (src/plan/warnings.ts); absent from apps older than them. */
  readonly warnings?: readonly { code: string; message: string }[];
  readonly error?: string;
}

export function isFinished(status: StatusView): boolean {
  return !isActive(status.runtimeStatus);
}

export function succeeded(status: StatusView): boolean {
  return status.runtimeStatus === 'Completed';
}

export function firstFailedStage(status: StatusView): StageView | undefined {
  return status.stages.find((s) => s.state === 'failed');
}

/** One line per stage whose state changed since `seen` (which it updates). */
export function progressLines(seen: Map<string, string>, status: StatusView): string[] {
  const lines: string[] = [];
  for (const stage of status.stages) {
    if (seen.get(stage.stage) === stage.state) continue;
    seen.set(stage.stage, stage.state);
    if (stage.state === 'pending') continue;
    lines.push(stageLine(stage));
  }
  return lines;
}

export function stageLine(stage: StageView): string {
  const detail = stage.error
    ? `: [${stage.error.code}] ${stage.error.message}`
    : stage.summary
      ? `: ${stage.summary}`
      : '';
  return `  ${stage.stage.padEnd(17)} ${stage.state}${detail}`;
}

/** One line per warning of the deployment's plan: shown, never failing it. */
export function warningLines(status: StatusView): string[] {
  return (status.warnings ?? []).map((w) => `  warning: [${w.code}] ${w.message}`);
}

/** The closing line of a finished deployment. */
export function outcomeLine(status: StatusView): string {
  if (succeeded(status)) {
    return `deployed ${status.environment}: all ${status.stages.length} stages succeeded`;
  }
  const failed = firstFailedStage(status);
  if (failed) {
    const error = failed.error ? `[${failed.error.code}] ${failed.error.message}` : 'no detail';
    return `deployment of ${status.environment} failed at stage ${failed.stage}: ${error}`;
  }
  return `deployment of ${status.environment} ended ${status.runtimeStatus}${status.error ? `: ${status.error}` : ''}`;
}

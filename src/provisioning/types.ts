// Types of the deployment workflow: orchestrator input, stage input and report, progress status.
import type { DeploymentRecord } from '../environments/index.js';
import type { PlanWarning } from '../plan/index.js';
import type { StageName, StageNode } from './stage-graph.js';

/**
 * What the HTTP starter hands the orchestrator: the validated spec as written, its stage graph
 * and the fingerprint of the plan both were derived from.
 */
export interface DeployInput extends DeploymentRecord {
  graph: StageNode[];
  /** `planFingerprint` of the plan the graph came from; every stage checks it. */
  fingerprint?: string;
  /** The plan's warnings, for the status (absent in deployments started before they existed). */
  warnings?: PlanWarning[];
  /** The W3C `traceparent` of the span that started it: every stage's span is its child. */
  traceParent?: string;
}

/** What every stage activity takes; the stage itself is the activity. */
export interface StageInput {
  /** The spec as the user wrote it; each activity parses it and builds the same plan again. */
  spec: unknown;
  fingerprint?: string;
}

/** What one stage did, small enough for the orchestration history and the status endpoint. */
export interface StageReport {
  /** One line for people: "3 created, 2 unchanged", "certificate kept: valid until …". */
  summary: string;
  created: number;
  updated: number;
  /** Deleted and created again: a change Azure cannot make in place (absent when none). */
  replaced?: number;
  unchanged: number;
  /** Values later readers want to see (IPs, FQDNs, certificate facts). */
  outputs: Record<string, string | string[]>;
}

export type StageState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StageStatus {
  state: StageState;
  startedAt?: string;
  endedAt?: string;
  summary?: string;
  /** While a running stage waits for something (a group's IP, healthy probes): what. */
  waitingFor?: string;
  outputs?: StageReport['outputs'];
  error?: { code: string; message: string };
}

/** The orchestration's custom status: the progress `GET /api/environments/{name}` shows. */
export interface DeploymentProgress {
  environment: string;
  stages: Partial<Record<StageName, StageStatus>>;
  /** What the plan warns about (plan/warnings.ts): shown, never failing the deployment. */
  warnings?: PlanWarning[];
}

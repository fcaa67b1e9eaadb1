import type { Failure } from '../errors.js';
import type { StageName, StageNode } from './stage-graph.js';

/** What the HTTP starter hands the orchestrator: the validated spec as written, and its stages. */
export interface DeployInput {
  environment: string;
  /** The spec as the user wrote it; each activity parses it again (pure and cheap). */
  spec: unknown;
  graph: StageNode[];
}

export interface StageInput {
  stage: StageName;
  spec: unknown;
}

/** What one stage did, small enough for the orchestration history and the status endpoint. */
export interface StageReport {
  /** One line for people: "3 created, 2 unchanged", "certificate kept: valid until …". */
  summary: string;
  created: number;
  updated: number;
  unchanged: number;
  /** Values later readers want to see (IPs, FQDNs, certificate facts). */
  outputs: Record<string, string | string[]>;
}

/** A stage either reports, or fails with a failure that retrying will not fix. */
export type StageOutcome = { ok: true; report: StageReport } | { ok: false; failure: Failure };

export type StageState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StageStatus {
  state: StageState;
  startedAt?: string;
  endedAt?: string;
  summary?: string;
  outputs?: StageReport['outputs'];
  error?: { code: string; message: string };
}

/** The orchestration's custom status: the progress `GET /api/environments/{name}` shows. */
export interface DeploymentProgress {
  environment: string;
  stages: Partial<Record<StageName, StageStatus>>;
}

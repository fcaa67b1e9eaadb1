// Types of the teardown workflow: orchestrator input, step outcomes, progress and summary.
import type { ProgressStep, TeardownStep } from './teardown-steps.js';
import type { TeardownTarget } from './teardown-targets.js';

/** What the HTTP starter hands the orchestrator: the spec of the environment's last deployment. */
export interface TeardownInput {
  environment: string;
  /** The spec as the user posted it for the last deployment; the plan is built from it again. */
  spec: unknown;
}

/** A target as the inventory found it. */
export interface InventoriedTarget extends TeardownTarget {
  /** It existed when the teardown started. */
  present: boolean;
}

export interface Inventory {
  targets: InventoriedTarget[];
  /** What could not be looked at, for people (a listing Azure refused). */
  notes: string[];
}

/** What became of one resource in a step. */
export interface TargetOutcome {
  id: string;
  type: string;
  /** `deleted`: this run deleted it; `absent`: not there when the step read it; `kept`: left. */
  outcome: 'deleted' | 'absent' | 'kept';
  /** Why it was kept. */
  why?: string;
  /** A Key Vault: where it is now. */
  softDeleted?: SoftDeletion;
}

export interface SoftDeletion {
  /** When its retention ends and Azure purges it (ISO), as Azure reports it. */
  recoverableUntil?: string;
  purgeProtection: boolean;
}

/** What one step did, small enough for the orchestration history. */
export interface StepReport {
  step: TeardownStep | 'resource-group';
  summary: string;
  outcomes: TargetOutcome[];
}

export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepStatus {
  state: StepState;
  startedAt?: string;
  endedAt?: string;
  summary?: string;
  /** While the step waits for something (a delete Azure still runs, a subnet still in use). */
  waitingFor?: string;
  error?: { code: string; message: string };
}

/** The orchestration's custom status: what `GET /api/environments/{name}/teardown` shows. */
export interface TeardownProgress {
  environment: string;
  steps: Partial<Record<ProgressStep, StepStatus>>;
  /** What was done so far, once the teardown ended (also its output when it completed). */
  summary?: TeardownSummary;
}

/** The end of a teardown, for people: what is gone, what is left and why. */
export interface TeardownSummary {
  environment: string;
  /** Deleted by this teardown (a short id each: `containerGroups/ci-x-app-1`). */
  deleted: string[];
  /** Part of the environment's plan but already gone when the teardown started. */
  alreadyGone: string[];
  /** Deleted, but kept by Azure and recoverable: the Key Vault. */
  softDeleted: { resource: string; recoverableUntil?: string; note: string }[];
  /** Left where it is, and why. */
  kept: { resource: string; why: string }[];
  /** What the inventory could not look at. */
  notes: string[];
}

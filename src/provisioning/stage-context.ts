// The contract between the deployment and each stage: what a stage gets, and what it returns.
import type { EnvironmentContext } from '../environments/index.js';
import type { PlannedResource } from '../plan/index.js';
import type { NotReady } from '../workflows/activity.js';
import type { StageReport } from './types.js';

/** What a stage works with: the environment, and the plan resources the stage table gives it. */
export interface StageContext extends EnvironmentContext {
  /** The planned resources this stage writes, in plan order (dependencies first). */
  resources: PlannedResource[];
}

/** A stage: applies its part of the plan and reports, or answers that it waits for something. */
export type StageHandler = (ctx: StageContext) => Promise<StageReport | NotReady>;

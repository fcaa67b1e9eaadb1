// What a finished deployment announces (src/notifications), from the progress it recorded. Pure.
import type { Failure } from '../errors.js';
import type { NotificationEvent } from '../notifications/index.js';
import type { StageName } from './stage-graph.js';
import type { DeploymentProgress } from './types.js';

function seconds(from: string | undefined, to: string): number | undefined {
  return from === undefined ? undefined : Math.round((Date.parse(to) - Date.parse(from)) / 1000);
}

function output(progress: DeploymentProgress, stage: StageName, key: string): string | undefined {
  const value = progress.stages[stage]?.outputs?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * "Deployment succeeded" or "failed" at `at` (the orchestration's clock): how long since the first
 * stage started, and either the gateway's URL and the certificate's expiry or the failed stage,
 * its error and the stages it kept from running.
 */
export function deploymentNotification(
  progress: DeploymentProgress,
  failed: { stage: StageName; failure: Failure } | undefined,
  at: string,
): NotificationEvent {
  const stages = Object.entries(progress.stages);
  const firstStart = stages
    .map(([, status]) => status?.startedAt)
    .filter((t): t is string => t !== undefined)
    .sort()[0];
  const durationSeconds = seconds(firstStart, at);
  const base = { environment: progress.environment, at };
  if (failed)
    return {
      ...base,
      type: 'deployment.failed',
      details: {
        stage: failed.stage,
        error: { code: failed.failure.code, message: failed.failure.message },
        skipped: stages.filter(([, s]) => s?.state === 'skipped').map(([name]) => name),
        durationSeconds,
      },
    };
  return {
    ...base,
    type: 'deployment.succeeded',
    details: {
      url: output(progress, 'verify', 'url'),
      stages: stages.filter(([, s]) => s?.state === 'succeeded').length,
      durationSeconds,
      certificateNotAfter: output(progress, 'certificate', 'notAfter'),
      warnings: (progress.warnings ?? []).map((w) => w.code),
    },
  };
}

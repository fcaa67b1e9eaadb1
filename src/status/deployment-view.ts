// A deployment's status (GET /api/environments/{name}) as a timeline: each stage's bar placed
// and sized by its times, in percent of the whole deployment. Pure: `now` is passed in.
import { isActive } from '../environments/instances.js';
import type { DeploymentStatusBody } from '../provisioning/environments-api.js';
import type { DeploymentView, StageView } from './types.js';

const time = (iso: string | undefined): number | undefined => {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

const percent = (part: number, whole: number): number =>
  whole <= 0 ? 0 : Math.round(Math.min(100, Math.max(0, (part / whole) * 100)) * 10) / 10;

export function deploymentView(body: DeploymentStatusBody, now: Date): DeploymentView {
  const active = isActive(body.runtimeStatus);
  const start = time(body.createdTime) ?? now.getTime();
  const ends = body.stages.map((s) => time(s.endedAt) ?? 0);
  const end = active
    ? now.getTime()
    : Math.max(time(body.lastUpdatedTime) ?? start, ...ends, start);
  const span = end - start;
  const stages = body.stages.map((s): StageView => {
    const startedAt = time(s.startedAt);
    const endedAt = time(s.endedAt) ?? (s.state === 'running' ? now.getTime() : undefined);
    const durationMs =
      startedAt === undefined || endedAt === undefined
        ? undefined
        : Math.max(0, endedAt - startedAt);
    return {
      stage: s.stage,
      state: s.state,
      ...(s.startedAt ? { startedAt: s.startedAt } : {}),
      ...(s.endedAt ? { endedAt: s.endedAt } : {}),
      ...(durationMs === undefined ? {} : { durationMs }),
      offsetPct: startedAt === undefined ? 0 : percent(startedAt - start, span),
      widthPct: durationMs === undefined ? 0 : percent(durationMs, span),
      ...(s.summary ? { summary: s.summary } : {}),
      ...(s.waitingFor ? { waitingFor: s.waitingFor } : {}),
      ...(s.error ? { error: s.error } : {}),
    };
  });
  const failed = stages.find((s) => s.state === 'failed');
  return {
    instanceId: body.instanceId,
    runtimeStatus: body.runtimeStatus,
    active,
    createdTime: body.createdTime,
    lastUpdatedTime: body.lastUpdatedTime,
    durationMs: Math.max(0, span),
    stages,
    ...(failed ? { failedStage: failed.stage } : {}),
    ...(body.error ? { error: body.error } : {}),
  };
}

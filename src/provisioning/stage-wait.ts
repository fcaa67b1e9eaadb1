// How long a deployment stage may keep answering "not ready": NOT_READY_WAIT for any one thing,
// counted from when it began waiting for that thing, and STAGE_WAIT_LIMIT in all. Pure; the
// orchestrator keeps one StageWait per running stage and replays it deterministically.
import { NOT_READY_WAIT, STAGE_WAIT_LIMIT, type NotReadyWait } from '../retry-policies.js';

export interface StageWait {
  /** When the stage started (orchestration time, ms). */
  startedAt: number;
  /** What it last waited for, and since when. */
  waitingFor?: string;
  since: number;
}

export type StageWaitVerdict =
  | { kind: 'wait'; wait: StageWait }
  /** `limit`: the bound that ran out, for the failure's message. */
  | { kind: 'give-up'; limit: NotReadyWait };

/**
 * The stage answered "not ready: `message`" at `now` and would run again at `next`: wait, or
 * give up because the same thing has been waited for too long, or the stage has in all.
 */
export function stageWait(
  wait: StageWait,
  message: string,
  now: number,
  next: number,
): StageWaitVerdict {
  const since = message === wait.waitingFor ? wait.since : now;
  if (next > since + NOT_READY_WAIT.deadlineMs) return { kind: 'give-up', limit: NOT_READY_WAIT };
  if (next > wait.startedAt + STAGE_WAIT_LIMIT.deadlineMs)
    return { kind: 'give-up', limit: STAGE_WAIT_LIMIT };
  return { kind: 'wait', wait: { startedAt: wait.startedAt, waitingFor: message, since } };
}

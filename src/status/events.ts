// The recent heal and renewal events of an environment, from what their Durable instances hold.
// Each environment has one reconcile and one renewal instance, started again under the same id
// (src/environments/instances.ts), so the latest run of each is what the store keeps: its input
// (why), custom status (progress) and output (what it changed). Pure.
import { describeRecordChange, type RecordChange } from '../environments/index.js';
import type { EventView } from './types.js';

/** The part of a Durable instance status these views read. */
export interface InstanceRecord {
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  input?: unknown;
  customStatus?: unknown;
  output?: unknown;
}

interface ReconcileOutput {
  summary?: string;
  recordChanges?: RecordChange[];
  poolsChanged?: string[];
}

interface ReconcileProgress {
  reason?: string;
  summary?: string;
  waiting?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function failedText(instance: InstanceRecord): string | undefined {
  if (instance.runtimeStatus !== 'Failed') return undefined;
  return typeof instance.output === 'string' ? instance.output : 'failed';
}

export function healEvent(instance: InstanceRecord): EventView {
  const output = (isObject(instance.output) ? instance.output : {}) as ReconcileOutput;
  const progress = (
    isObject(instance.customStatus) ? instance.customStatus : {}
  ) as ReconcileProgress;
  const reason = isObject(instance.input) ? instance.input.reason : undefined;
  const changes = [
    ...(output.recordChanges ?? []).map(describeRecordChange),
    ...(output.poolsChanged ?? []).map((p) => `pool ${p} updated`),
  ];
  return {
    kind: 'heal',
    ...common(instance),
    ...(typeof reason === 'string' ? { reason } : {}),
    summary: failedText(instance) ?? output.summary ?? progress.waiting ?? progress.summary ?? '',
    changes,
  };
}

interface RenewalOutput {
  action?: string;
  notAfter?: string;
  version?: string;
}

export function renewalEvent(instance: InstanceRecord): EventView {
  const output = (isObject(instance.output) ? instance.output : {}) as RenewalOutput;
  const progress = isObject(instance.customStatus) ? instance.customStatus : {};
  const message = typeof progress.message === 'string' ? progress.message : undefined;
  const issued = output.action === 'issued';
  return {
    kind: 'renewal',
    ...common(instance),
    reason: 'renewal timer',
    summary:
      failedText(instance) ??
      message ??
      (output.action ? `certificate ${output.action}` : instance.runtimeStatus),
    changes: issued
      ? [`new certificate version ${output.version ?? '?'}, valid until ${output.notAfter ?? '?'}`]
      : [],
  };
}

function common(instance: InstanceRecord) {
  return {
    instanceId: instance.instanceId,
    runtimeStatus: instance.runtimeStatus,
    at: instance.lastUpdatedTime,
    startedAt: instance.createdTime,
  };
}

/** Newest first. */
export function recentEvents(
  reconcile: InstanceRecord | undefined,
  renewal: InstanceRecord | undefined,
): EventView[] {
  return [
    ...(reconcile ? [healEvent(reconcile)] : []),
    ...(renewal ? [renewalEvent(renewal)] : []),
  ].sort((a, b) => b.at.localeCompare(a.at));
}

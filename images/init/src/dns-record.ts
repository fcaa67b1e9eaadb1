import type { ArmResource, ResourceStore } from '../../../src/azure/resources.js';
import { AppError } from '../../../src/errors.js';
import { API_VERSIONS } from '../../../src/plan/api-versions.js';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../../src/plan/tags.js';

export interface ARecordInput {
  zoneId: string;
  name: string;
  ip: string;
  ttl: number;
}

export type RecordAction =
  | { action: 'none' }
  | { action: 'create' | 'update'; body: Record<string, unknown> }
  | { action: 'refuse'; reason: string };

const API_VERSION = API_VERSIONS['Microsoft.Network/privateDnsZones/A'];

export function aRecordId(zoneId: string, name: string): string {
  return `${zoneId}/A/${name}`;
}

type RecordProperties = {
  ttl?: unknown;
  aRecords?: { ipv4Address?: unknown }[];
  metadata?: Record<string, string>;
};

/**
 * What to do with the group's A record, given the record as it is. Pure. The record must say it is
 * ours (`managed-by` metadata, as the reconciler writes it) before it is changed; metadata the
 * reconciler adds (the environment tag) is kept, so the two writers never undo each other.
 */
export function planARecord(existing: ArmResource | undefined, input: ARecordInput): RecordAction {
  const props = (existing?.properties ?? {}) as RecordProperties;
  const metadata = props.metadata ?? {};
  if (existing && metadata[MANAGED_BY_TAG] !== MANAGED_BY_VALUE) {
    return {
      action: 'refuse',
      reason: `the A record ${input.name} exists without metadata ${MANAGED_BY_TAG}: ${MANAGED_BY_VALUE}, so it belongs to someone else; delete or rename it`,
    };
  }
  const ips = (props.aRecords ?? []).map((r) => r.ipv4Address);
  if (existing && props.ttl === input.ttl && ips.length === 1 && ips[0] === input.ip) {
    return { action: 'none' };
  }
  const body = {
    properties: {
      ttl: input.ttl,
      aRecords: [{ ipv4Address: input.ip }],
      metadata: { ...metadata, [MANAGED_BY_TAG]: MANAGED_BY_VALUE },
    },
  };
  return { action: existing ? 'update' : 'create', body };
}

/** Creates or corrects the A record; writes nothing when it already holds the IP and TTL. */
export async function upsertARecord(
  store: Pick<ResourceStore, 'get' | 'put'>,
  input: ARecordInput,
): Promise<'created' | 'updated' | 'unchanged'> {
  const id = aRecordId(input.zoneId, input.name);
  const plan = planARecord(await store.get(id, API_VERSION), input);
  switch (plan.action) {
    case 'none':
      return 'unchanged';
    case 'refuse':
      throw new AppError('validation', 'RecordNotOwned', plan.reason);
    case 'create':
    case 'update':
      await store.put(id, API_VERSION, plan.body);
      return plan.action === 'create' ? 'created' : 'updated';
  }
}

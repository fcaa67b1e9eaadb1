// The user-assigned identities a resource holds: their ids come from its `identity` block, their
// principal and client ids from the identities' own records (the emulator stores the body a
// client sent, whose identity map has empty values; ARM fills them only in its answers).
import type { ArmRecord, GroupIdentity } from './types.js';

export const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

export type IdentityLookup = (
  resourceId: string,
) => { principalId: string; clientId: string } | undefined;

/** Principal and client id of each identity record, by lower-case resource id. */
export function identityLookup(records: readonly ArmRecord[]): IdentityLookup {
  const byId = new Map<string, { principalId: string; clientId: string }>();
  for (const record of records) {
    if (record.type.toLowerCase() !== IDENTITY_TYPE.toLowerCase()) continue;
    const { principalId, clientId } = record.properties as {
      principalId?: unknown;
      clientId?: unknown;
    };
    if (typeof principalId === 'string' && typeof clientId === 'string') {
      byId.set(record.id.toLowerCase(), { principalId, clientId });
    }
  }
  return (resourceId) => byId.get(resourceId.toLowerCase());
}

export function groupIdentities(record: ArmRecord, lookup: IdentityLookup): GroupIdentity[] {
  const assigned = record.identity?.userAssignedIdentities ?? {};
  return Object.entries(assigned).flatMap(([resourceId, value]) => {
    const ids =
      value.principalId && value.clientId
        ? { principalId: value.principalId, clientId: value.clientId }
        : lookup(resourceId);
    return ids
      ? [{ resourceId, name: resourceId.slice(resourceId.lastIndexOf('/') + 1), ...ids }]
      : [];
  });
}

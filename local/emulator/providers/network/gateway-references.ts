// References between the parts of one Application Gateway body. A listener names its frontend port
// and certificate, a rule its listener, pool, settings or redirect, a redirect its target listener,
// all by id inside the same gateway; a PUT naming a part the body does not hold is refused with
// `InvalidResourceReference`, worded as ARM words it for gateways ("Resource …/httpListeners/x
// referenced by resource …/requestRoutingRules/y was not found. Please make sure that the
// referenced resource exists, and that both resources are in the same region.": quoted in
// MicrosoftDocs/azure-docs#111001 and Azure/terraform-provider-azapi#200).
import { ArmError } from '../../arm/errors.js';
import { properties } from '../../arm/resource-store.js';
import type { ArmResource } from '../../core/model.js';

type Item = { name?: string; properties?: Record<string, unknown> };

const lower = (id: string) => id.toLowerCase();

/** Every `{ id }` in a value, at any depth. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = typeof record.id === 'string' ? [record.id] : [];
  return [...own, ...Object.values(record).flatMap(referencesIn)];
}

/** Refuses a reference from one part of the gateway to a part of it that the body does not hold. */
export function checkGatewayReferences(gw: ArmResource, collections: readonly string[]): void {
  const prefix = `${lower(gw.id)}/`;
  const parts = collections.flatMap((collection) => {
    const list = properties(gw)[collection];
    return (Array.isArray(list) ? (list as Item[]) : []).map((item) => ({
      id: `${gw.id}/${collection}/${item.name ?? ''}`,
      item,
    }));
  });
  const held = new Set(parts.map((p) => lower(p.id)));
  for (const part of parts) {
    for (const reference of referencesIn(part.item.properties)) {
      if (!lower(reference).startsWith(prefix) || held.has(lower(reference))) continue;
      throw new ArmError(
        400,
        'InvalidResourceReference',
        `Resource ${reference} referenced by resource ${part.id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      );
    }
  }
}

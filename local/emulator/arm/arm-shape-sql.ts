// An Azure SQL database's SKU as the Sql RP answers it: a DTU service objective (S1, P2, Basic)
// comes back as the edition with its DTUs as capacity, the objective itself in
// `currentServiceObjectiveName` (CreateDatabaseMin.json, 2022-08-01-preview: no SKU asked, answered
// `{ name: Standard, tier: Standard, capacity: 10 }` and `currentServiceObjectiveName: S0`;
// CreateVCoreDatabaseByServiceObjective.json: `BC` + Gen4 + 2 answered as name `BC_Gen4`).
import type { ArmResource, Json } from '../core/model.js';
import { propertiesOf } from './arm-shape-values.js';

/**
 * Max DTUs of each DTU compute size: `azure-sql/database/resource-limits-dtu-single-databases.md`
 * (MicrosoftDocs/sql-docs), "Max DTUs".
 */
const DTUS: Record<string, { tier: string; capacity: number }> = {
  Basic: { tier: 'Basic', capacity: 5 },
  ...tier('Standard', {
    S0: 10,
    S1: 20,
    S2: 50,
    S3: 100,
    S4: 200,
    S6: 400,
    S7: 800,
    S9: 1600,
    S12: 3000,
  }),
  ...tier('Premium', { P1: 125, P2: 250, P4: 500, P6: 1000, P11: 1750, P15: 4000 }),
};

function tier(name: string, sizes: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(sizes).map(([size, capacity]) => [size, { tier: name, capacity }]),
  );
}

/** The objective a SKU names: `S1`, or `Standard` with capacity 20. */
function objectiveOf(sku: Json): string | undefined {
  const name = typeof sku.name === 'string' ? sku.name : 'S0';
  if (DTUS[name]) return name;
  return Object.entries(DTUS).find(
    ([, size]) => size.tier.toLowerCase() === name.toLowerCase() && size.capacity === sku.capacity,
  )?.[0];
}

export function sqlDatabase(database: ArmResource): void {
  const asked = (database.sku && typeof database.sku === 'object' ? database.sku : {}) as Json;
  const objective = objectiveOf(asked);
  const size = objective ? DTUS[objective] : undefined;
  database.kind ??= 'v12.0,user';
  if (!objective || !size) return;
  const sku = { name: size.tier, tier: size.tier, capacity: size.capacity };
  database.sku = sku;
  const p = propertiesOf(database);
  p.currentSku = { ...sku };
  p.currentServiceObjectiveName = objective;
  p.requestedServiceObjectiveName = objective;
}

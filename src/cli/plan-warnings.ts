// The plan's warnings as `plan` prints them under its table (JSON output carries them in the plan).
import type { Plan } from '../plan/index.js';

/** A blank line and one paragraph per warning, or nothing when the plan has none. */
export function planWarningsText(plan: Pick<Plan, 'warnings'>): string {
  if (plan.warnings.length === 0) return '';
  const lines = plan.warnings.map((w) => `  ${w.code} (${w.field}): ${w.message}\n`);
  return `\nWarnings (${plan.warnings.length}, the deployment proceeds):\n${lines.join('')}`;
}

// The local stack's timers on the emulator's time scale: the reconcile timer fires every 5
// minutes in Azure (src/settings.ts), so at `--time-scale 0.01` it fires every 3 s, as the
// rest of Azure runs 100 times faster. NCRONTAB steps divide a minute or an hour evenly, so the
// period is rounded down to one that does. The wait that coalesces container-group events into
// one reconcile (10 s in Azure) scales too, and so does the time the app gives a new role
// assignment to apply.
import { ROLE_ASSIGNMENT_DELAY_MS } from '../../../local/emulator/providers/authorization/data-access.js';
import { ROLE_ASSIGNMENT_APPLIES_MS } from '../../retry-policies.js';

const AZURE_RECONCILE_PERIOD_S = 300;
const DIVISORS_OF_60 = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];

function largestDivisorUpTo(limit: number): number {
  return DIVISORS_OF_60.filter((d) => d <= limit).at(-1) ?? 1;
}

/** The six-field schedule of the reconcile timer at this time scale. */
export function reconcileSchedule(timeScale: number): string {
  const seconds = Math.max(1, Math.floor(AZURE_RECONCILE_PERIOD_S * timeScale));
  if (seconds >= AZURE_RECONCILE_PERIOD_S) return '0 */5 * * * *';
  if (seconds < 60) return `*/${largestDivisorUpTo(seconds)} * * * * *`;
  return `0 */${largestDivisorUpTo(Math.floor(seconds / 60))} * * * *`;
}

/** Azure's default wait that turns a burst of container-group events into one reconcile. */
const AZURE_COALESCE_S = 10;

/** That wait on the time scale, in the whole seconds the setting takes: 0 at 0.01. */
export function reconcileCoalesceSeconds(timeScale: number): number {
  return Math.min(AZURE_COALESCE_S, Math.round(AZURE_COALESCE_S * timeScale));
}

/**
 * How long the app counts on a new role assignment taking to apply (ACI_VNET_SIDECARS_ROLE_
 * ASSIGNMENT_APPLY_MS) when the emulator applies them after `emulatorDelayMs` of Azure time on
 * this time scale: the app's Azure wait, in the same proportion to the emulator's delay as to
 * Azure's documented ten minutes, so that the margin for clock skew scales too.
 */
export function roleAssignmentApplyMs(
  timeScale: number,
  emulatorDelayMs: number = ROLE_ASSIGNMENT_DELAY_MS,
): number {
  return Math.ceil(
    ROLE_ASSIGNMENT_APPLIES_MS * (emulatorDelayMs / ROLE_ASSIGNMENT_DELAY_MS) * timeScale,
  );
}

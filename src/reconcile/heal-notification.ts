// What a reconcile pass that changed something announces (src/notifications). Pure.
import type { NotificationEvent } from '../notifications/index.js';
import type { ReconcileReport } from './reconcile.js';

/** Whether the pass wrote anything: a pass that found everything in sync announces nothing. */
export function healed(report: ReconcileReport): boolean {
  return report.recordChanges.length + report.poolsChanged.length > 0;
}

/** "Environment healed": which records and pools the pass wrote, and what asked for it. */
export function healNotification(
  report: ReconcileReport,
  trigger: string,
  at: string,
): NotificationEvent {
  return {
    type: 'environment.healed',
    environment: report.environment,
    at,
    details: {
      trigger,
      records: report.recordChanges.map((c) =>
        c.action === 'upsert'
          ? { name: c.recordName, from: c.was, to: c.ip }
          : { name: c.recordName, from: c.was },
      ),
      pools: report.poolsChanged,
    },
  };
}

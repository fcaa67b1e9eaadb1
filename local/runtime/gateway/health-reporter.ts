// Hands each new backend health report to the runtime: one call at a time, the latest report
// wins, a failed call is tried again a second later.
import type { BackendHealthReport } from './types.js';

const RETRY_MS = 1000;

export interface HealthReporter {
  offer(report: BackendHealthReport): void;
  close(): void;
}

export function createHealthReporter(
  send: (report: BackendHealthReport) => Promise<void>,
  log: (line: string) => void,
): HealthReporter {
  let offered: string | undefined;
  let next: BackendHealthReport | undefined;
  let sending = false;
  let closed = false;
  let lastFailure: string | undefined;
  let retry: NodeJS.Timeout | undefined;

  async function pump(): Promise<void> {
    if (sending) return;
    sending = true;
    while (next && !closed) {
      const report = next;
      next = undefined;
      try {
        await send(report);
        lastFailure = undefined;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (message !== lastFailure) log(`cannot report backend health: ${message}`);
        lastFailure = message;
        next ??= report;
        retry = setTimeout(() => void pump(), RETRY_MS);
        retry.unref();
        break;
      }
    }
    sending = false;
  }

  return {
    offer(report) {
      const text = JSON.stringify(report);
      if (text === offered) return;
      offered = text;
      next = report;
      clearTimeout(retry);
      void pump();
    },
    close() {
      closed = true;
      clearTimeout(retry);
    },
  };
}

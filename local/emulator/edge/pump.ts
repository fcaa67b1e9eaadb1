// Wakes the emulator when something is due: completes operations (which may queue events) and
// sends due Event Grid deliveries. One timer at a time, always for the earliest due item.
import type { EmulatorContext } from '../core/context.js';
import { deliveryFinished } from '../providers/event-grid/delivery.js';
import type { Delivery } from '../core/model.js';
import { postJson } from './webhook-post.js';

export interface Pump {
  kick: () => void;
  stop: () => Promise<void>;
}

async function send(delivery: Delivery, ca: string): Promise<number | string> {
  const headers = {
    'aeg-event-type': delivery.kind,
    'aeg-delivery-count': String(delivery.attempts),
  };
  try {
    const result = await postJson(delivery.endpointUrl, delivery.events, headers, ca);
    if (delivery.kind === 'SubscriptionValidation' && result.status === 200) {
      const code = delivery.events[0]?.data.validationCode;
      const answer = (JSON.parse(result.body || '{}') as { validationResponse?: unknown })
        .validationResponse;
      return answer === code ? 200 : 'validation code mismatch';
    }
    return result.status;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export function createPump(ctx: EmulatorContext, ca: string): Pump {
  let cancel: (() => void) | undefined;
  let inflight = new Set<Promise<void>>();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    ctx.settle();
    const now = ctx.clock.now();
    const due = ctx.state.deliveries.filter((d) => !d.inFlight && d.dueAt <= now);
    for (const delivery of due) {
      delivery.inFlight = true;
      const p = send(delivery, ca).then((outcome) => {
        deliveryFinished(ctx, delivery, outcome);
        inflight.delete(p);
        schedule();
      });
      inflight.add(p);
    }
    schedule();
  };
  const schedule = () => {
    cancel?.();
    cancel = undefined;
    const next = ctx.nextDueAt();
    if (next === undefined || stopped) return;
    cancel = ctx.clock.setTimer(run, next - ctx.clock.now());
  };
  return {
    kick: run,
    stop: async () => {
      stopped = true;
      cancel?.();
      await Promise.all([...inflight]);
      inflight = new Set();
    },
  };
}

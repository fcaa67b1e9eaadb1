// The runtime's status once the deployed app is served: the gateway listens and every group of
// the deployment runs (bounded wait; what is there by then is printed either way).
import { setTimeout as sleep } from 'node:timers/promises';
import { loopbackRequest } from './loopback-http.js';
import type { RuntimeStatusView } from './open-lines.js';

const ATTEMPTS = 300;

export async function servedStatus(statusUrl: string): Promise<RuntimeStatusView> {
  let last: RuntimeStatusView = { groups: [] };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const answer = await loopbackRequest(statusUrl).catch(() => undefined);
    if (answer?.status === 200) {
      last = JSON.parse(answer.text) as RuntimeStatusView;
      const listening = (last.gateways ?? []).some((g) => g.listeners.length > 0);
      const running = last.groups.every((g) => g.state === 'running' || g.state === 'completed');
      if (listening && running && last.groups.length > 0) return last;
    }
    await sleep(100);
  }
  return last;
}

// Keeps DNS records and gateway backend pools following the container groups: Event Grid events
// and a timer both ask for a reconcile of the environment; one orchestration per environment runs it.
import { app, type EventGridEvent, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { appSettings } from '../src/composition.js';
import { deployedEnvironments } from '../src/environments/index.js';
import { handleContainerGroupEvent } from '../src/reconcile/events-trigger.js';
import { reconcileWorkflow } from '../src/reconcile/reconcile.orchestrator.js';
import { requestReconcile } from '../src/reconcile/request-reconcile.js';
import { registerWorkflow } from './register.js';

// Either delivery schema, any payload: malformed events are logged and dropped, never thrown back
// for Event Grid to retry (src/reconcile/events-trigger.ts).
app.eventGrid('onContainerGroupEvent', {
  extraInputs: [df.input.durableClient()],
  handler: (event: EventGridEvent, context: InvocationContext): Promise<void> =>
    handleContainerGroupEvent(event, {
      client: df.getClient(context),
      log: (line) => context.log(line),
      coalesceSeconds: appSettings().reconcileCoalesceSeconds,
    }),
});

/** Platform-initiated restarts raise no ARM event: the timer catches what events cannot. */
app.timer('reconcileTimer', {
  schedule: '%ACI_VNET_SIDECARS_RECONCILE_SCHEDULE%',
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const client = df.getClient(context);
    for (const environment of await deployedEnvironments(client)) {
      const request = await requestReconcile(client, environment, 'periodic check', 0);
      context.log(`periodic reconcile of ${environment}: ${request.outcome}`);
    }
  },
});

registerWorkflow(reconcileWorkflow);

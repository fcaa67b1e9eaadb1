// Keeps DNS records and gateway backend pools following the container groups: Event Grid events
// and a timer both ask for a reconcile of the environment; one orchestration per environment runs it.
import { app, type EventGridEvent, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { appSettings } from '../src/composition.js';
import { deployedEnvironments } from '../src/environments/index.js';
import { readEvent } from '../src/reconcile/events.js';
import { reconcileWorkflow } from '../src/reconcile/reconcile.orchestrator.js';
import { requestReconcile } from '../src/reconcile/request-reconcile.js';
import { registerWorkflow } from './register.js';

app.eventGrid('onContainerGroupEvent', {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent, context: InvocationContext): Promise<void> => {
    const reading = readEvent(event);
    if (reading.kind === 'ignored') {
      context.log(`event ${event.id} ignored: ${reading.reason}`);
      return;
    }
    const { environment, operation, containerGroupId } = reading.change;
    const request = await requestReconcile(
      df.getClient(context),
      environment,
      `${operation} on ${containerGroupId.split('/').at(-1)}`,
      appSettings().reconcileCoalesceSeconds,
    );
    context.log(
      `event ${event.id} (${operation}) for ${environment}: reconcile ${request.outcome}${request.outcome === 'skipped' ? `: ${request.reason}` : ''}`,
    );
  },
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

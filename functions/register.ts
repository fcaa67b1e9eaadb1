// Registers a workflow's orchestrator and activities from its one definition in src/.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { appServices } from '../src/composition.js';
import { instanceStatuses } from '../src/environments/index.js';
import { runActivity } from '../src/workflows/activity.js';
import type { Workflow } from '../src/workflows/workflow.js';

/** Activities already registered: one several workflows call (notify) is registered once. */
const registered = new Set<string>();

/**
 * Every activity gets the Durable client binding, so that it can see the other workflows of its
 * environment (the gateway's one writer: src/environments/gateway-writers.ts).
 */
export function registerWorkflow(workflow: Workflow): void {
  df.app.orchestration(workflow.orchestrator, workflow.run);
  for (const activity of workflow.activities) {
    if (registered.has(activity.name)) continue;
    registered.add(activity.name);
    df.app.activity(activity.name, {
      extraInputs: [df.input.durableClient()],
      handler: (input: unknown, context: InvocationContext) =>
        runActivity(activity, appServices, input, instanceStatuses(df.getClient(context))),
    });
  }
}

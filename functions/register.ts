// Registers a workflow's orchestrator and activities from its one definition in src/.
import * as df from 'durable-functions';
import { appServices } from '../src/composition.js';
import { runActivity } from '../src/workflows/activity.js';
import type { Workflow } from '../src/workflows/workflow.js';

export function registerWorkflow(workflow: Workflow): void {
  df.app.orchestration(workflow.orchestrator, workflow.run);
  for (const activity of workflow.activities) {
    df.app.activity(activity.name, {
      handler: (input: unknown) => runActivity(activity, appServices, input),
    });
  }
}

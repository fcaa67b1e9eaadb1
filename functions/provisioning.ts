// The deployment orchestration and one activity per provisioning stage.
import * as df from 'durable-functions';
import { appServices } from '../src/composition.js';
import {
  DEPLOY_ORCHESTRATOR,
  deployOrchestrator,
  stageActivity,
} from '../src/provisioning/deploy.orchestrator.js';
import { STAGES } from '../src/provisioning/stage-graph.js';
import { runStage } from '../src/provisioning/stages.activities.js';
import type { StageInput } from '../src/provisioning/types.js';

df.app.orchestration(DEPLOY_ORCHESTRATOR, deployOrchestrator);

for (const stage of STAGES) {
  df.app.activity(stageActivity(stage), {
    handler: (input: StageInput) => runStage(appServices, { ...input, stage }),
  });
}

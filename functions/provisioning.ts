// The deployment orchestration and one activity per provisioning stage.
import { deployWorkflow } from '../src/provisioning/deploy.orchestrator.js';
import { registerWorkflow } from './register.js';

registerWorkflow(deployWorkflow);

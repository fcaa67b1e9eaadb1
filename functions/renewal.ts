// Keeps every environment's certificate valid: a timer starts one renewal per deployed environment.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { renewalWorkflow } from '../src/renewal/renewal.orchestrator.js';
import { startRenewals } from '../src/renewal/request-renewal.js';
import { registerWorkflow } from './register.js';

app.timer('renewCertificates', {
  schedule: '%ACI_VNET_SIDECARS_RENEWAL_SCHEDULE%',
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: Timer, context: InvocationContext): Promise<void> => {
    for (const line of await startRenewals(df.getClient(context))) context.log(line);
  },
});

registerWorkflow(renewalWorkflow);

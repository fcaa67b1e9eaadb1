// Keeps every environment's certificate valid: a timer starts one renewal per deployed environment.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { appServices } from '../src/composition.js';
import { startRenewals } from '../src/renewal/request-renewal.js';
import {
  groupRunningActivity,
  renewCertificateActivity,
  restartGroupActivity,
} from '../src/renewal/renewal.activities.js';
import {
  RENEW_ACTIVITY,
  RENEWAL_ORCHESTRATOR,
  RESTART_ACTIVITY,
  RUNNING_ACTIVITY,
  renewalOrchestrator,
} from '../src/renewal/renewal.orchestrator.js';

app.timer('renewCertificates', {
  schedule: '%ACI_VNET_SIDECARS_RENEWAL_SCHEDULE%',
  extraInputs: [df.input.durableClient()],
  handler: async (_timer: Timer, context: InvocationContext): Promise<void> => {
    for (const line of await startRenewals(df.getClient(context))) context.log(line);
  },
});

df.app.orchestration(RENEWAL_ORCHESTRATOR, renewalOrchestrator);
df.app.activity(RENEW_ACTIVITY, {
  handler: (input: { spec: unknown }) => renewCertificateActivity(appServices(), input.spec),
});
df.app.activity(RESTART_ACTIVITY, {
  handler: (input: { spec: unknown; groupId: string }) =>
    restartGroupActivity(appServices(), input),
});
df.app.activity(RUNNING_ACTIVITY, {
  handler: (input: { spec: unknown; groupId: string }) =>
    groupRunningActivity(appServices(), input),
});

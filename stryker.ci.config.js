// The CI subset of stryker.config.json (npm run mutation:ci): the small decision modules, with the
// same test files, failing the run under a 90% mutation score.
import { readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));

export default {
  ...base,
  mutate: [
    'src/reconcile/desired.ts',
    'src/reconcile/events.ts',
    'src/certs/renewal-policy.ts',
    'src/azure/retry-decision.ts',
    'src/errors.ts',
  ],
  thresholds: { ...base.thresholds, break: 90 },
};

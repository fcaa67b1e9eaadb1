// The CI subset of stryker.config.js (npm run mutation:ci): the modules marked `ci` in
// scripts/mutation-scope.js, with the same test files, failing the run under a 90% mutation score.
import { MUTATION_MODULES, mutatePatterns } from './scripts/mutation-scope.js';
import base from './stryker.config.js';

export default {
  ...base,
  mutate: mutatePatterns(MUTATION_MODULES.filter((m) => m.ci)),
  thresholds: { ...base.thresholds, break: 90 },
};

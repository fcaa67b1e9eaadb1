// StrykerJS configuration for `npm run mutation` (scripts/mutation-report.ts runs it and prints the
// score per module). The tap runner keeps node:test's own runner: each test folder is one bundled
// entry (see scripts/mutation-sandbox.js), and perTest coverage runs only the folders that reach a
// mutant. The TypeScript checker drops mutants that do not compile, so a survivor is always code
// the type system allows.
//
// MUTATION_REPORTS (default reports/mutation) moves the reports, the incremental file and the
// sandboxes, so two runs on different files can go side by side.
import { mutatePatterns } from './scripts/mutation-scope.js';

const reports = process.env.MUTATION_REPORTS ?? 'reports/mutation';

export default {
  $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
  mutate: mutatePatterns(),
  testRunner: 'tap',
  buildCommand: 'node scripts/mutation-sandbox.js',
  tap: {
    testFiles: [
      'test/unit/spec.mutation.js',
      'test/unit/plan.mutation.js',
      'test/unit/reconcile.mutation.js',
      'test/unit/certs.mutation.js',
      'test/unit/azure.mutation.js',
      'test/unit/errors.test.js',
      'test/unit/workflows.mutation.js',
    ],
    nodeArgs: ['--test-reporter=tap'],
  },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  // Only the mutated modules and what they import: checking every dependant of a mutated file
  // (functions/, local/, test/) made the checker slower than the tests it saves.
  tsconfigFile: 'tsconfig.mutation.json',
  concurrency: 2,
  timeoutMS: 20000,
  ignorePatterns: ['dist', '.state', 'reports'],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  clearTextReporter: { reportMutants: false, reportTests: false },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  htmlReporter: { fileName: `${reports}/mutation.html` },
  incrementalFile: `${reports}/stryker-incremental.json`,
  tempDirName: `${reports}/.stryker-tmp`,
  thresholds: { high: 90, low: 75, break: null },
};

// Shared process orchestration of `start` and `demo`: the local stack as child processes.
export { launch, type Launched } from './launch.js';
export { followDeployment, readStatus, submitSpec, type AppClient } from './deployment.js';
export {
  followTeardown,
  requestTeardown,
  teardownOutcomeLine,
  teardownSummaryLines,
  teardownUrl,
  type TeardownView,
} from './teardown.js';
export { StackError, Interrupted } from './errors.js';
export { addRunOptions, readRunOptions, type RawRunOptions } from './run-options.js';
export { withSession } from './session.js';
export {
  isFinished,
  outcomeLine,
  stageLine,
  succeeded,
  warningLines,
  type StatusView,
} from './status.js';
export { demoSummary, type EmulatorStateView } from './summary.js';
export {
  jsonOf,
  loopbackRequest,
  type LoopbackRequest,
  type LoopbackResponse,
} from './loopback-http.js';

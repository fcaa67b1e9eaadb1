// Shared process orchestration of `start` and `demo`: the local stack as child processes.
export { launch, type Launched } from './launch.js';
export { followDeployment } from './deployment.js';
export { StackError, Interrupted } from './errors.js';
export { addRunOptions, readRunOptions, type RawRunOptions } from './run-options.js';
export { withSession } from './session.js';
export { outcomeLine, succeeded, type StatusView } from './status.js';
export { demoSummary, type EmulatorStateView } from './summary.js';
export { jsonOf, loopbackRequest } from './loopback-http.js';

// Public surface of the local Functions host.
export { startHost } from './host.js';
export type { Clock, FunctionRegistration, HostHandle, HostLogger, HostOptions } from './types.js';
export { consoleLogger, silentLogger } from './logs.js';
export { masterKeyFile, readMasterKey } from './master-key.js';

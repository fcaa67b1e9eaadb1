// Public entry of the local Azure emulator: `startEmulator(options)` → endpoints + `stop()`.
export { startEmulator } from './start.js';
export type { EmulatorHandle, EmulatorOptions, NameServerHandle } from './start.js';
// The public zones' name servers, for a caller that starts the emulator as a child process.
export { AZURE_NAME_SERVERS } from './providers/network/dns-zones.js';
export { NAME_SERVER_DELAYS_MS } from './providers/network/name-servers.js';
export { latencyModel } from './arm/latencies.js';
export type { LatencyRow } from './arm/latencies.js';
export type { RequestLogEntry } from './core/model.js';
export { manualClock, systemClock } from './core/clock.js';
export type { Clock } from './core/clock.js';
export { faultScenarios } from './core/faults.js';
export type { FaultInput, FaultScenario } from './core/faults.js';
export type { RestartIpPolicy } from './core/model.js';
// The gateway's four-hourly Key Vault poll, for a caller that drives it (nothing schedules it yet).
export { refreshGatewayCertificates } from './providers/network/gateway-key-vault.js';

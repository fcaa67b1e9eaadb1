// Public entry of the local Azure emulator: `startEmulator(options)` → endpoints + `stop()`.
export { startEmulator } from './start.js';
export type { EmulatorHandle, EmulatorOptions } from './start.js';
export { manualClock, systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { faultScenarios } from './faults.js';
export type { FaultInput, FaultScenario } from './faults.js';
export type { RestartIpPolicy } from './types.js';

// Public entry of the local Azure emulator: `startEmulator(options)` → endpoints + `stop()`.
export { startEmulator } from './start.js';
export type { EmulatorHandle, EmulatorOptions } from './start.js';
export { manualClock, systemClock } from './core/clock.js';
export type { Clock } from './core/clock.js';
export { faultScenarios } from './core/faults.js';
export type { FaultInput, FaultScenario } from './core/faults.js';
export type { RestartIpPolicy } from './core/model.js';

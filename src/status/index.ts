// The status page: its HTML (page.ts) and the data it polls (read-status.ts).
export { DATA_HEADERS, PAGE_HEADERS, PAGE_HTML } from './page.js';
export { statusReader } from './read-status.js';
export type { StatusReader } from './read-status.js';
export type { StatusData } from './types.js';

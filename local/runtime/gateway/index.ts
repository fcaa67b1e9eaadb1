// The local Application Gateway: serves an emulated Microsoft.Network/applicationGateways resource
// on 127.0.0.1 (README: "Local Application Gateway").
export { createLocalGateway } from './local-gateway.js';
export { keyVaultSecretReader, type KeyVaultSecretReaderOptions } from './key-vault-secret.js';
/** Where the runtime hands the gateway's backend health to the emulator (reported-backend-health.ts). */
export const BACKEND_HEALTH_ROUTE = '/_emulator/network/application-gateways/backend-health';
export { KEY_VAULT_POLL_MS, MIN_REFRESH_MS, refreshIntervalMs } from './certificate-store.js';
export { MIN_INTERVAL_MS, probeIntervalMs } from './prober.js';
export type {
  BackendHealthReport,
  BackendHealthServer,
  GatewaySecret,
  LocalGateway,
  LocalGatewayOptions,
  LocalListener,
  ReadSecret,
  ServedCertificate,
  ServerHealth,
} from './types.js';

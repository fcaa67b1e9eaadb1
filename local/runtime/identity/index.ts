// Managed identity for the local containers, as ACI gives it: a local Instance Metadata Service
// issuing emulator tokens to a group's identities, for regular containers only.
export {
  emulatorAccessToken,
  emulatorTokenMinter,
  TOKEN_LIFETIME_SECONDS,
} from './access-token.js';
export { startImdsEndpoint } from './imds-endpoint.js';
export type { ImdsEndpoint, ImdsEndpointOptions, ImdsRegistration } from './imds-endpoint.js';
export { TOKEN_ROUTE, type ImdsCaller } from './imds-answers.js';

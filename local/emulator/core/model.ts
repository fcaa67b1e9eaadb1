// Shared shapes of the emulator: requests and responses seen by the pure handlers, the state they
// change, and the configuration and side-effect specs of the context they receive (context.ts).

export type Json = Record<string, unknown>;

export interface EmuRequest {
  method: string;
  /** Decoded path without the query, as sent (case preserved). */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, `undefined` when empty; `rawBody` keeps the text. */
  body: unknown;
  rawBody: string;
  /** The body as received, for binary uploads (build contexts). */
  bytes?: Buffer;
  /** `https://127.0.0.1:port` of the server that received the request. */
  origin: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ResourceGroup {
  id: string;
  name: string;
  type: 'Microsoft.Resources/resourceGroups';
  location: string;
  tags?: Record<string, string>;
  properties: { provisioningState: string };
}

export interface OperationError {
  code: string;
  message: string;
  details?: { code: string; message: string }[];
}

/** An ARM resource as stored: the JSON Azure returns on GET. */
export type ArmResource = Json & { id: string; name: string; type: string };

export interface AsyncOperation {
  id: string;
  name: string;
  resourceId: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
  startTime: string;
  endTime?: string;
  dueAt: number;
  error?: OperationError;
  /** Body of the final result for Location-style operations (e.g. backendhealth). */
  result?: unknown;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  path: string;
  status: number;
  changedState: boolean;
  service: 'arm' | 'keyvault';
}

export interface FaultRule {
  name?: string;
  method?: string;
  /** Regular expression matched case-insensitively against the request path. */
  pathPattern: string;
  status?: 409 | 412 | 429 | 500 | 503;
  /** Let the request through, then cancel the operation it started as superseded. */
  supersede?: boolean;
  /**
   * Let the request through, and make the long-running operation it started last this long (in
   * Azure time, times `timeScale`) instead of the type's usual latency.
   */
  operationMs?: number;
  /**
   * Let the request through, then close the connection without an answer: the client sees the
   * connection reset and cannot tell whether its write happened.
   */
  drop?: boolean;
  retryAfterSeconds?: number;
  delayMs?: number;
  remaining: number;
}

export interface VaultCertificateVersion {
  version: string;
  certPem: string;
  keyPem: string;
  chainPem: string[];
  contentType: string;
  created: number;
  updated: number;
  enabled: boolean;
  notBefore: number;
  expires: number;
  tags: Record<string, string>;
  policy: Json;
  x5t: string;
  cer: string;
}

export interface VaultSecretVersion {
  version: string;
  value: string;
  contentType?: string;
  created: number;
  updated: number;
  enabled: boolean;
  tags: Record<string, string>;
  managedBy?: string;
  notBefore?: number;
  expires?: number;
}

export interface VaultData {
  name: string;
  port: number;
  certificates: Map<string, VaultCertificateVersion[]>;
  secrets: Map<string, VaultSecretVersion[]>;
  pending: Map<string, PendingCertificate>;
  /** Soft-deleted entries by `certificates/{name}` or `secrets/{name}` (lower case). */
  deleted: Map<
    string,
    {
      name: string;
      body: object;
      certificates?: VaultCertificateVersion[];
      secrets?: VaultSecretVersion[];
    }
  >;
}

export interface PendingCertificate {
  requestId: string;
  csr: string;
  keyPem: string;
  policy: Json;
  tags: Record<string, string>;
  status: 'inProgress' | 'completed';
  /** Set by PATCH `{ cancellation_requested: true }`; issuer `Unknown` has no CA to cancel. */
  cancellationRequested: boolean;
  target?: string;
}

/** The Key Vault secret version an Application Gateway sslCertificate serves. */
export interface ServedCertificate {
  keyVaultSecretId: string;
  vault: string;
  secret: string;
  version: string;
  resolvedAt: number;
}

export interface EventGridEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: Json;
  dataVersion: string;
  metadataVersion: string;
}

export interface Delivery {
  subscriptionId: string;
  endpointUrl: string;
  events: EventGridEvent[];
  kind: 'Notification' | 'SubscriptionValidation';
  attempts: number;
  maxAttempts: number;
  dueAt: number;
  /** Being sent now: stays queued (and visible) until the endpoint has answered. */
  inFlight?: boolean;
  onValidated?: (ok: boolean) => void;
}

export interface EmulatorState {
  resourceGroups: Map<string, ResourceGroup>;
  resources: Map<string, ArmResource>;
  operations: Map<string, AsyncOperation>;
  /** Per subnet id (lower case): address → owner id. */
  ipAllocations: Map<string, Map<string, string>>;
  vaults: Map<string, VaultData>;
  requests: RequestLogEntry[];
  faults: FaultRule[];
  deliveries: Delivery[];
  deliveryLog: {
    endpointUrl: string;
    eventType: string;
    subject: string;
    status: number | string;
    attempt: number;
  }[];
  publicIpCounter: number;
  /** Per registry id (lower case): `repository:tag` entries from importImage / scheduleRun. */
  registryImages: Map<string, Set<string>>;
  /** Build-source blobs uploaded through `listBuildSourceUploadUrl`, by relative path. */
  buildSources: Map<string, { size: number; files: string[] }>;
  /** ACR Tasks runs by run id: the operation that completes them and what they build. */
  registryRuns: Map<
    string,
    { registryId: string; operationId: string; images: string[]; startTime: string }
  >;
  /** Per gateway id (lower case): sslCertificate name → the secret version it serves. */
  servedCertificates: Map<string, Map<string, ServedCertificate>>;
  /** Resource provider registrations asked for, by `{subscription}/{namespace}` (lower case). */
  providerRegistrations: Map<string, ProviderRegistration>;
  /**
   * Public DNS record sets as they changed, by record set id (lower case), oldest first: what
   * each Azure DNS name server answers from, its own propagation delay behind
   * (providers/network/name-servers.ts).
   */
  nameServerJournal: Map<string, RecordSetVersion[]>;
  /** Soft-deleted Key Vaults by vault name (lower case): vault names are global. */
  deletedVaults: Map<string, DeletedVault>;
}

/** A soft-deleted vault: what a recover restores, and what keeps its name taken until purged. */
export interface DeletedVault {
  /** The vault resource as it was when deleted; a recover brings it back as it was. */
  vault: ArmResource;
  /** Its data plane (certificates, secrets), unreachable until recovered. */
  data: VaultData | undefined;
  subscription: string;
  location: string;
  deletedAt: number;
  /** `softDeleteRetentionInDays` of the vault (Azure time). */
  retentionDays: number;
  /** When the emulator purges it by itself: the retention, scaled by `timeScale`. */
  purgeAt: number;
  purgeProtection: boolean;
}

/** A public DNS record set from `at` on; `recordSet` undefined: deleted at `at`. */
export interface RecordSetVersion {
  at: number;
  recordSet: ArmResource | undefined;
}

/** A `POST …/providers/{namespace}/register`: the namespace is Registered from `registeredAt`. */
export interface ProviderRegistration {
  subscription: string;
  namespace: string;
  registeredAt: number;
}

export type RestartIpPolicy = 'always' | 'never' | number;

export interface EmulatorConfig {
  timeScale: number;
  /**
   * How long a new role assignment takes to reach a data plane, in Azure time (scaled by
   * `timeScale`); absent: the documented worst case (providers/authorization/data-access.ts).
   */
  roleAssignmentDelayMs?: number;
  restartIp: RestartIpPolicy;
  /**
   * A local container runtime (local/runtime) runs the containers and reports when run-once
   * containers exit; the emulator then schedules no exit of its own.
   */
  externalContainerRuntime?: boolean;
  /**
   * How long a public DNS change takes to reach each of a zone's four name servers, in Azure time
   * (scaled by `timeScale`), in the order of the zone's `nameServers`; absent: the defaults of
   * providers/network/name-servers.ts. `Infinity`: that server never gets a change.
   */
  nameServerDelaysMs?: readonly number[];
  tenantId: string;
  /**
   * Every subscription starts as a new Azure subscription does: only the namespaces Azure
   * registers by default are Registered, and a write to any other is refused until registered.
   * `false`: every namespace counts as Registered (a subscription that has used them all before).
   * Absent means fresh.
   */
  freshSubscription?: boolean;
  /**
   * ARM answers with its own casing, defaults and omissions (arm/arm-shape.ts), as Azure does;
   * `false` echoes the stored request instead. Absent means on.
   */
  armShape?: boolean;
  armOrigin: string;
  /** Opens (or returns) the data-plane origin of a vault; set by the edge. */
  vaultOrigin: (vaultName: string) => string;
}

export interface OperationSpec {
  name: string;
  resourceId: string;
  durationMs: number;
  complete: () => void;
  /** Runs when the operation is due; an error fails it instead of completing it. */
  verify?: () => OperationError | undefined;
  cancel?: () => void;
  result?: () => unknown;
}

export interface ResourceEventSpec {
  kind: 'Write' | 'Delete' | 'Action';
  resourceId: string;
  operationName: string;
}

// What the status page shows, as `GET /api/status/data` answers it: plain JSON, no secrets.

/** One part of an environment read from Azure: its value, or why it could not be read. */
export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

export interface StageView {
  stage: string;
  /** pending, running, succeeded, failed or skipped (src/provisioning/types.ts StageState). */
  state: string;
  startedAt?: string;
  endedAt?: string;
  /** Ended (or, while running, now) minus started; absent before the stage started. */
  durationMs?: number;
  /** Where the stage's bar starts and how wide it is, in percent of the deployment's span. */
  offsetPct: number;
  widthPct: number;
  summary?: string;
  waitingFor?: string;
  error?: { code: string; message: string };
}

export interface DeploymentView {
  instanceId: string;
  /** Durable's runtime status: Pending, Running, Completed, Failed, Terminated, … */
  runtimeStatus: string;
  active: boolean;
  createdTime: string;
  lastUpdatedTime: string;
  durationMs: number;
  stages: StageView[];
  /** The first stage that failed, when one did. */
  failedStage?: string;
  error?: string;
}

export interface GroupView {
  name: string;
  recordName: string;
  routes: string;
  /** Running, Pending, Stopped, …; `Missing` when the group does not exist. */
  state: string;
  ip?: string;
  provisioningState?: string;
  /** Restarts of all its containers (init containers included), as the instance view counts them. */
  restarts: number;
}

export interface BackendView {
  address: string;
  /** Healthy, Unhealthy, Partial, Draining or Unknown, as the gateway reports it. */
  health: string;
  /** The container group that has this address now, when one has it. */
  group?: string;
}

export interface PoolView {
  name: string;
  backends: BackendView[];
}

export interface PoolsView {
  pools: PoolView[];
  /** Why the gateway's backend health is not shown (its pools still are). */
  healthError?: string;
}

export interface CertificateView {
  name: string;
  version: string;
  subject: string;
  issuer: string;
  names: string[];
  notBefore: string;
  notAfter: string;
  /** From the renewal checks (src/certs/renewal-policy.ts): due now, or from when. */
  renewal: { due: boolean; renewAt?: string; message: string };
}

export interface EventView {
  kind: 'heal' | 'renewal';
  instanceId: string;
  runtimeStatus: string;
  /** When the instance last changed (its end, for a finished one). */
  at: string;
  startedAt: string;
  /** Why it ran (reconcile: the event or timer that asked for it). */
  reason?: string;
  summary: string;
  /** What it changed: records and pools written, a new certificate version. Empty: nothing. */
  changes: string[];
}

export interface EnvironmentView {
  name: string;
  deployment?: DeploymentView;
  groups: Part<GroupView[]>;
  pools: Part<PoolsView>;
  /** `null`: Key Vault holds no certificate of that name yet. */
  certificate: Part<CertificateView | null>;
  events: EventView[];
}

export interface StatusData {
  generatedAt: string;
  /** Whether any deployment, reconcile or renewal runs: the page then polls faster. */
  active: boolean;
  /** When the page should ask again. */
  pollSeconds: number;
  environments: EnvironmentView[];
}

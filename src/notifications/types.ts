// What a notification says, before it is shaped for one kind of receiver (payload.ts).

/** The payload shapes the app can send: its own JSON, a Teams Adaptive Card, a Slack message. */
export const NOTIFICATION_FORMATS = ['json', 'teams', 'slack'] as const;
export type NotificationFormat = (typeof NOTIFICATION_FORMATS)[number];

/** A failure as the workflow recorded it: its stable code and its (already secret-free) message. */
export interface FailureDetail {
  code: string;
  message: string;
}

export interface DeploymentSucceeded {
  /** The gateway's URL, from the verify stage. */
  url?: string;
  stages: number;
  durationSeconds?: number;
  /** When the certificate the deployment left in Key Vault expires. */
  certificateNotAfter?: string;
  /** Codes of the plan's warnings (`NatGatewayDisabled`, …). */
  warnings: string[];
}

export interface DeploymentFailed {
  stage: string;
  error: FailureDetail;
  /** Stages that never ran because the failed one came first. */
  skipped: string[];
  durationSeconds?: number;
}

export interface CertificateRenewed {
  /** The certificate's name in Key Vault. */
  certificate?: string;
  names?: string[];
  notAfter: string;
  /** When the renewal timer renews it next: `renewBeforeDays` before `notAfter`. */
  renewAt?: string;
  version: string;
  /** Why it was renewed (the renewal check that objected). */
  reason: string;
}

export interface CertificateRenewalFailed {
  certificate?: string;
  names?: string[];
  error: FailureDetail;
}

/** One private A record the reconcile wrote: `to` absent when it removed the record. */
export interface RecordHealed {
  name: string;
  from?: string;
  to?: string;
}

export interface EnvironmentHealed {
  /** What asked for the reconcile: an Event Grid event, or the periodic check. */
  trigger: string;
  records: RecordHealed[];
  /** Backend pools whose addresses were rewritten. */
  pools: string[];
}

interface Event<T extends string, D> {
  type: T;
  environment: string;
  /** ISO time from the orchestration's clock. */
  at: string;
  details: D;
}

/** One event of one workflow; the orchestrators build them from what they already record. */
export type NotificationEvent =
  | Event<'deployment.succeeded', DeploymentSucceeded>
  | Event<'deployment.failed', DeploymentFailed>
  | Event<'certificate.renewed', CertificateRenewed>
  | Event<'certificate.renewal-failed', CertificateRenewalFailed>
  | Event<'environment.healed', EnvironmentHealed>;

export type NotificationType = NotificationEvent['type'];

/** What every receiver shows, whatever its format: a title, one sentence, and labelled facts. */
export interface EventDescription {
  title: string;
  summary: string;
  tone: 'good' | 'attention' | 'warning';
  facts: { title: string; value: string }[];
}

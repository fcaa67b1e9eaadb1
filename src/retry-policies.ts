/**
 * Every retry and wait of the app, with the reason for each number. Three layers, and no failure
 * is retried by two of them, so their attempts never multiply:
 *
 * | layer | retries | where |
 * | --- | --- | --- |
 * | 1. HTTP pipeline | one request that got 429 (honouring Retry-After), a busy 409, a 5xx other than 501/505, or a dropped connection | `armRetryPolicy` on every Azure client (`src/azure/retry-policy.ts`), outcome rule `classifyHttp` (`src/errors.ts`) |
 * | 2. Durable activity retry | a whole activity that threw a conflict (412 etag mismatch, 409) or a transient failure no single request could retry: a long-running operation that failed as canceled or superseded, an unreachable ACME server, a TXT record not yet answered | `STAGE_RETRY`, `RECONCILE_RETRY`, `RENEWAL_RETRY` below, applied by `src/workflows/activity.ts` |
 * | 3. Durable timers | an activity that answered "not ready yet" (a group without its IP, probes not green yet, Key Vault's 403 while this app's new role assignments spread) | `NOT_READY_WAIT` below, in `callActivity` and the deployment orchestrator; how long a 403 counts as not ready: `ROLE_ASSIGNMENT_WAIT`, in `src/certs/vault-access.ts` |
 *
 * A request the pipeline gave up on fails its activity at once (`retriedByPipeline`); every other
 * failure (validation, forbidden, not found, unexpected) fails at once with the service's message.
 * Pure data: the Durable `RetryOptions` are built from it in src/workflows.
 */

/** Layer 1: the HTTP pipeline, per request. */
export interface HttpRetry {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * ARM answers throttling with a Retry-After of seconds to about a minute, and busy resources
 * (AnotherOperationInProgress) clear within a minute or two: six retries with a doubling delay
 * from one second wait about a minute in all (longer when the server asks), each wait capped at a
 * minute. https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 */
export const HTTP_RETRY: HttpRetry = { maxRetries: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** Layer 2: Durable's retry of a whole activity (DTFx RetryOptions). */
export interface DurableRetry {
  firstRetryIntervalMs: number;
  maxNumberOfAttempts: number;
  backoffCoefficient: number;
  maxRetryIntervalMs: number;
}

/**
 * A stage that lost an etag race or whose gateway PUT was superseded by another operation runs
 * again from a fresh read. Application Gateway operations take minutes, so five attempts spaced
 * 5, 10, 20 and 40 s apart (about 75 s of waiting) let a concurrent operation finish first.
 */
export const STAGE_RETRY: DurableRetry = {
  firstRetryIntervalMs: 5_000,
  maxNumberOfAttempts: 5,
  backoffCoefficient: 2,
  maxRetryIntervalMs: 60_000,
};

/**
 * A reconcile pass is cheap and the timer runs another one within minutes anyway: a few quick
 * attempts (2, 4, 8, 16 s apart) are enough to get past an etag race with a deployment.
 */
export const RECONCILE_RETRY: DurableRetry = {
  firstRetryIntervalMs: 2_000,
  maxNumberOfAttempts: 5,
  backoffCoefficient: 2,
  maxRetryIntervalMs: 16_000,
};

/**
 * Renewal runs once a day, days before expiry: attempts 10, 20, 40, 80 s apart are patient with a
 * superseded operation without holding the orchestration for long.
 */
export const RENEWAL_RETRY: DurableRetry = {
  firstRetryIntervalMs: 10_000,
  maxNumberOfAttempts: 5,
  backoffCoefficient: 2,
  maxRetryIntervalMs: 80_000,
};

/** Layer 3: how long an orchestration waits, with Durable timers, for something to be ready. */
export interface NotReadyWait {
  /** Give up, failing with what is still not ready, after this long. */
  deadlineMs: number;
}

/**
 * Container groups in a VNet take one to three minutes to get their IP and run; the gateway's
 * probes (every 30 s) mark a new backend healthy within a minute or two. Fifteen minutes is far
 * beyond both, and short enough that a group stuck in a crash loop fails the deployment the same
 * morning instead of waiting forever.
 */
export const NOT_READY_WAIT: NotReadyWait = { deadlineMs: 15 * 60_000 };

/**
 * A deployment stage waits NOT_READY_WAIT for any one thing, counted again whenever what it waits
 * for changes, and this long in all: a rolling change of the container groups waits for each
 * group in turn (an update, about two minutes; the gateway's 60 s drain; a minute or two of
 * probes), about five minutes a group, so fifteen minutes from the stage's start would fail a
 * roll of three. An hour covers a dozen groups and still ends a stage that keeps waiting.
 */
export const STAGE_WAIT_LIMIT: NotReadyWait = { deadlineMs: 60 * 60_000 };

/**
 * Key Vault refuses (403) until a new role assignment applies: "When you assign roles or remove
 * role assignments, it can take up to 10 minutes for changes to take effect"
 * (articles/role-based-access-control/troubleshooting.md, "Role assignment changes are not being
 * detected"). A 403 within this long of the assignment's `createdOn` is "not ready yet"; after it,
 * a refusal that waiting does not fix. Two minutes beyond the documented ten absorb the skew
 * between ARM's clock and ours. Shorter than NOT_READY_WAIT, which counts from the stage's first
 * "not ready" for the same thing (after the assignments were made), so a stage's own deadline
 * never cuts this wait short.
 */
export const ROLE_ASSIGNMENT_WAIT: NotReadyWait = { deadlineMs: 12 * 60_000 };

/**
 * How long after a role assignment's `createdOn` the app counts on it being applied, when nothing
 * can tell it earlier: Application Gateway reads its certificate with its own identity, which this
 * app cannot act as, and a PUT whose identity may not read the secret yet fails
 * (`ApplicationGatewayKeyVaultSecretAccessDenied`, MicrosoftDocs/azure-docs#33157) or, on the
 * four-hourly poll, disables the HTTPS listener (application-gateway-key-vault-common-errors.md).
 * The documented ten minutes (troubleshooting.md, as above) and 30 s for the skew between ARM's
 * clock and this app's: a fixed wait sits on the deployment's path, so it gets less margin than
 * ROLE_ASSIGNMENT_WAIT, which only bounds how long a refusal is still taken for "not yet".
 * Locally the setting ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS scales it with the emulator.
 */
export const ROLE_ASSIGNMENT_APPLIES_MS = 10.5 * 60_000;

/** Azure's cadence for polling something not ready yet: the gateway's probe interval halved. */
const AZURE_NOT_READY_INTERVAL_MS = 15_000;

/**
 * The interval between two checks of something not ready yet. In Azure, 15 s. A local run sets a
 * short long-running-operation poll interval (`ACI_VNET_SIDECARS_POLL_INTERVAL_MS`) because the
 * emulator's time is scaled; its waits scale with it, ten polls each and never under 100 ms, so
 * the orchestration does not replay its history in a tight loop.
 */
export function notReadyIntervalMs(pollIntervalMs: number | undefined): number {
  if (pollIntervalMs === undefined) return AZURE_NOT_READY_INTERVAL_MS;
  return Math.min(AZURE_NOT_READY_INTERVAL_MS, Math.max(100, pollIntervalMs * 10));
}

/** Layer 0: how long one activity run may keep waiting on Azure before it hands back to the orchestrator. */
export interface ActivityBudget {
  /**
   * From the activity's start: past this, it sends no new Azure request and stops polling
   * long-running operations, ACR runs and DNS, and answers "not ready" with what is still running;
   * the orchestrator continues after a Durable timer and the next run reads where it got to.
   */
  waitMs: number;
}

/**
 * Every activity runs under the Functions host's `functionTimeout` (host.json: 30 minutes on Flex
 * Consumption; "Activity, orchestrator, and entity functions are subject to the same function
 * timeouts as all Azure Functions", articles/azure-functions/durable/durable-functions-perf-and-scale.md),
 * and an activity that times out is recorded as failed. Ten minutes of waiting covers an
 * Application Gateway v2 PUT ("Most deployments that use the v2 SKU take around 6 minutes",
 * articles/application-gateway/application-gateway-faq.md); what may still run once it is spent
 * brings the worst case to under 20 minutes (`activityWorstCaseMs`), two thirds of 30.
 */
export const ACTIVITY_BUDGET: ActivityBudget = { waitMs: 10 * 60_000 };

/** The longest one HTTP request can take in retries (layer 1): every delay is capped at `maxDelayMs`. */
export function requestWorstCaseMs(http: HttpRetry = HTTP_RETRY): number {
  return http.maxRetries * http.maxDelayMs;
}

/**
 * How acme-client polls an ACME authorization or order until it is valid (`waitForValidStatus`):
 * `attempts` tries, delays doubling from `minMs` up to `maxMs`. These are acme-client's defaults,
 * given explicitly so that the bound below is the one the code runs with. Let's Encrypt validates
 * within seconds; a poll that runs out fails the activity with the ACME server's status.
 */
export const ACME_STATUS_POLL = { attempts: 10, minMs: 5_000, maxMs: 30_000 };

/** The longest one `waitForValidStatus` waits: the sum of its delays (acme-client `util.Backoff`). */
export function acmeStatusWorstCaseMs(poll = ACME_STATUS_POLL): number {
  let total = 0;
  for (let attempt = 0; attempt < poll.attempts - 1; attempt++)
    total += Math.min(poll.minMs * 2 ** attempt, poll.maxMs);
  return total;
}

/**
 * The longest an activity run can last: its budget, plus what may still run once it is spent and
 * cannot be cut short: an ACME status poll already started (no new one starts past the budget:
 * src/certs/acme-challenges.ts, acme-issue.ts), then a request in its retries (Key Vault's merge
 * of the issued chain). Every wait that can be cut short stops at the budget: long-running
 * operations (their polls are aborted), ACR runs and DNS propagation (their sleeps refuse to end
 * past it), and every store call (none is sent past it). Assumed, as no client here sets one: a
 * single HTTP exchange does not hang for minutes without a response.
 */
export function activityWorstCaseMs(budget: ActivityBudget): number {
  return budget.waitMs + acmeStatusWorstCaseMs() + requestWorstCaseMs();
}

/** How often and how long the app asks the zone's name servers for the challenge TXT records. */
export interface DnsPropagationPoll {
  attempts: number;
  intervalMs: number;
}

/**
 * "New or updated DNS zones and DNS records appear in the Azure DNS name servers within 60
 * seconds" (articles/dns/dns-faq.yml, "How long does it take for DNS changes to take effect?"):
 * every 10 s for three minutes, three times the documented bound, each query cut at
 * DNS_QUERY_TIMEOUT_MS (src/certs/txt-lookup.ts). A wait that runs out fails the activity as
 * transient (`DnsNotPropagated`, layer 2) before any challenge was answered, so it costs no failed
 * validation.
 */
export const DNS_PROPAGATION_POLL: DnsPropagationPoll = { attempts: 19, intervalMs: 10_000 };

/**
 * The DNS poll of a run: in Azure, DNS_PROPAGATION_POLL. A local run's time is scaled like its
 * long-running-operation poll interval (`ACI_VNET_SIDECARS_POLL_INTERVAL_MS`), ten polls each and
 * never under 10 ms, with as many attempts.
 */
export function dnsPropagationPoll(pollIntervalMs: number | undefined): DnsPropagationPoll {
  if (pollIntervalMs === undefined) return DNS_PROPAGATION_POLL;
  const intervalMs = Math.min(DNS_PROPAGATION_POLL.intervalMs, Math.max(10, pollIntervalMs * 10));
  return { attempts: DNS_PROPAGATION_POLL.attempts, intervalMs };
}

/**
 * Rounds of answering the ACME challenges in one issuance. Let's Encrypt: "Up to 5 authorization
 * failures per identifier can be incurred by one account every hour. The ability to incur
 * authorization failures refills at a rate of 1 per identifier every 12 minutes"
 * (https://letsencrypt.org/docs/rate-limits/, "Authorization Failures per Identifier per
 * Account"). A round stops at its first failed authorization and a run that had one is never
 * retried by Durable, so a run costs at most two failures: a deployment and another within the
 * hour stay at four. A renewal failing every day (two a day) would reach the 1,152 "Consecutive
 * Authorization Failures per Identifier per Account" after 1,152 days (that page's table).
 */
export const ACME_VALIDATION_ROUNDS = 2;

/**
 * Optimistic concurrency on the gateway (If-Match): a 412 means another writer got there first;
 * read again and recompute. Three tries cover a deployment and a reconcile meeting; more would
 * hide a writer that never stops.
 */
export const GATEWAY_WRITE_ATTEMPTS = 3;

/**
 * Durable's retry of the notification activity: none. The activity retries its own request
 * (NOTIFY_DELIVERY) and answers every outcome as a value, so a second layer would only multiply
 * the wait at the end of the workflow it reports on.
 */
export const NOTIFY_RETRY: DurableRetry = {
  firstRetryIntervalMs: 1_000,
  maxNumberOfAttempts: 1,
  backoffCoefficient: 1,
  maxRetryIntervalMs: 1_000,
};

/** How one notification is retried, inside its activity (src/notifications/retry.ts). */
export interface NotifyDelivery {
  /** Requests at most, the first included. */
  attempts: number;
  /** The wait after the first failure, doubling after each, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** No request starts, and no Retry-After is waited for, past this long from the first one. */
  totalMs: number;
  /** One request without an answer this long is abandoned (and retried while time is left). */
  requestTimeoutMs: number;
}

/**
 * The workflow waits for its notification (the reason: README "Design decisions"), so the whole
 * delivery is bounded by a minute: six requests, 2, 4, 8, 16 and 16 s apart (46 s of waiting),
 * ride out a receiver's short outage or throttling window. Slack allows about one webhook message a second
 * and answers 429 with a Retry-After (docs.slack.dev/apis/web-api/rate-limits); Teams throttles
 * more than four requests a second (learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using,
 * "Rate limiting for connectors"). A Retry-After that would end past the minute is not waited for.
 */
export const NOTIFY_DELIVERY: NotifyDelivery = {
  attempts: 6,
  firstDelayMs: 2_000,
  maxDelayMs: 16_000,
  totalMs: 60_000,
  requestTimeoutMs: 10_000,
};

/**
 * The delivery policy of a run: in Azure, NOTIFY_DELIVERY. A local run's time is scaled like its
 * long-running-operation poll interval (`ACI_VNET_SIDECARS_POLL_INTERVAL_MS`): the delays and the
 * bound shrink by the same factor (never under 10 ms a delay, 3 s in all, so a receiver's
 * Retry-After of a second can still be honoured); the request timeout stays real.
 */
export function notifyDelivery(pollIntervalMs: number | undefined): NotifyDelivery {
  if (pollIntervalMs === undefined) return NOTIFY_DELIVERY;
  const firstDelayMs = Math.min(NOTIFY_DELIVERY.firstDelayMs, Math.max(10, pollIntervalMs * 10));
  const scale = firstDelayMs / NOTIFY_DELIVERY.firstDelayMs;
  return {
    ...NOTIFY_DELIVERY,
    firstDelayMs,
    maxDelayMs: Math.max(firstDelayMs, Math.round(NOTIFY_DELIVERY.maxDelayMs * scale)),
    totalMs: Math.max(3_000, Math.round(NOTIFY_DELIVERY.totalMs * scale)),
  };
}

// What a person reads in a chat card: one title, one sentence and the facts of an event. Pure.
import type {
  CertificateRenewalFailed,
  CertificateRenewed,
  DeploymentFailed,
  DeploymentSucceeded,
  EnvironmentHealed,
  EventDescription,
  NotificationEvent,
  RecordHealed,
} from './types.js';

/** A list longer than this is cut with "and N more": a card is read at a glance. */
const LIST_LIMIT = 10;

function list(items: readonly string[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, LIST_LIMIT).join(', ');
  return items.length > LIST_LIMIT ? `${shown} and ${items.length - LIST_LIMIT} more` : shown;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function duration(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < 120) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

type Fact = [string, string | undefined];

/** Facts without a value are left out rather than shown empty. */
function facts(...pairs: Fact[]): EventDescription['facts'] {
  return pairs.flatMap(([title, value]) => (value === undefined ? [] : [{ title, value }]));
}

function succeeded(env: string, d: DeploymentSucceeded): EventDescription {
  const took = duration(d.durationSeconds);
  return {
    title: `Deployment of ${env} succeeded`,
    summary: `${env} is deployed: ${d.stages} stages succeeded${took ? ` in ${took}` : ''}${d.url ? `, serving ${d.url}` : ''}.`,
    tone: 'good',
    facts: facts(
      ['Environment', env],
      ['URL', d.url],
      ['Stages', String(d.stages)],
      ['Duration', took],
      ['Certificate valid until', d.certificateNotAfter],
      ['Warnings', d.warnings.length > 0 ? list(d.warnings) : undefined],
    ),
  };
}

function failed(env: string, d: DeploymentFailed): EventDescription {
  return {
    title: `Deployment of ${env} failed`,
    summary: `Stage ${d.stage} failed (${d.error.code}): ${d.error.message}`,
    tone: 'attention',
    facts: facts(
      ['Environment', env],
      ['Failed stage', d.stage],
      ['Error code', d.error.code],
      ['Skipped stages', d.skipped.length > 0 ? list(d.skipped) : undefined],
      ['Duration', duration(d.durationSeconds)],
    ),
  };
}

function renewed(env: string, d: CertificateRenewed): EventDescription {
  const name = d.certificate ?? 'the certificate';
  return {
    title: `Certificate of ${env} renewed`,
    summary: `${name} was renewed (${d.reason}); the new version is valid until ${d.notAfter}${d.renewAt ? ` and is renewed again from ${d.renewAt}` : ''}.`,
    tone: 'good',
    facts: facts(
      ['Environment', env],
      ['Certificate', d.certificate],
      ['Names', d.names && list(d.names)],
      ['Valid until', d.notAfter],
      ['Next renewal', d.renewAt],
      ['Version', d.version],
    ),
  };
}

function renewalFailed(env: string, d: CertificateRenewalFailed): EventDescription {
  return {
    title: `Certificate renewal of ${env} failed`,
    summary: `Renewing ${d.certificate ?? 'the certificate'} failed (${d.error.code}): ${d.error.message} The certificate in Key Vault is unchanged; the renewal timer tries again.`,
    tone: 'attention',
    facts: facts(
      ['Environment', env],
      ['Certificate', d.certificate],
      ['Names', d.names && list(d.names)],
      ['Error code', d.error.code],
    ),
  };
}

function recordLine(r: RecordHealed): string {
  if (r.to === undefined) return `${r.name} removed (was ${r.from ?? 'unknown'})`;
  return r.from ? `${r.name} ${r.from} → ${r.to}` : `${r.name} → ${r.to}`;
}

function healed(env: string, d: EnvironmentHealed): EventDescription {
  return {
    title: `${env} healed`,
    summary: `A reconcile (${d.trigger}) brought ${count(d.records.length, 'private DNS record')} and ${count(d.pools.length, 'gateway backend pool')} back in line with the container groups.`,
    tone: 'warning',
    facts: facts(
      ['Environment', env],
      ['Trigger', d.trigger],
      ['DNS records', d.records.length > 0 ? list(d.records.map(recordLine)) : undefined],
      ['Backend pools', d.pools.length > 0 ? list(d.pools) : undefined],
    ),
  };
}

export function describeEvent(event: NotificationEvent): EventDescription {
  switch (event.type) {
    case 'deployment.succeeded':
      return succeeded(event.environment, event.details);
    case 'deployment.failed':
      return failed(event.environment, event.details);
    case 'certificate.renewed':
      return renewed(event.environment, event.details);
    case 'certificate.renewal-failed':
      return renewalFailed(event.environment, event.details);
    case 'environment.healed':
      return healed(event.environment, event.details);
  }
}

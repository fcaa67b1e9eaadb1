// Waits until every authoritative name server of the zone serves the ACME challenge TXT records.
import { AppError } from '../errors.js';
import type { TxtRecord } from './challenge-records.js';
import type { NameServer } from './txt-lookup.js';

export interface PropagationOptions {
  /** Every name server the zone lists: the ACME server may ask any of them. */
  nameServers: readonly NameServer[];
  sleep: (ms: number) => Promise<void>;
  /** How many times to ask before giving up. */
  attempts: number;
  intervalMs: number;
  log?: (line: string) => void;
}

/** A name server that does not answer a record with every challenge value yet, and what it said. */
interface Unanswered {
  nameServer: NameServer;
  record: TxtRecord;
  /** "no TXT record", "1 of 2 challenge values", "no answer: …" */
  answer: string;
}

/**
 * Waits until each of the zone's name servers answers every challenge value, so that the ACME
 * server finds them whichever it asks. "Most DNS providers have a “propagation time” that governs
 * how long it takes from the time you update a DNS record until it's available on all of their
 * servers" (letsencrypt.org/docs/challenge-types, DNS-01). Bounded: after `attempts` polls it
 * fails naming the name servers that still lack a record (never a fixed sleep that hopes for the
 * best). Returns the number of polls it took.
 */
export async function waitForTxtRecords(
  records: readonly TxtRecord[],
  options: PropagationOptions,
): Promise<number> {
  let missing: Unanswered[] = options.nameServers.flatMap((nameServer) =>
    records.map((record) => ({ nameServer, record, answer: 'not asked yet' })),
  );
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    missing = await stillMissing(missing);
    if (missing.length === 0) return attempt;
    if (attempt < options.attempts) {
      options.log?.(
        `waiting for ${describe(missing)} (poll ${attempt} of ${options.attempts}, every ${options.intervalMs / 1000} s)`,
      );
      await options.sleep(options.intervalMs);
    }
  }
  throw new AppError(
    'transient',
    'DnsNotPropagated',
    `not every authoritative name server of the zone answers the ACME challenge after ${options.attempts} polls over ${((options.attempts - 1) * options.intervalMs) / 1000} s: ${describe(missing)}. The challenge was not answered, since the ACME server may ask any of the zone's name servers; Azure DNS shows a change on all of them within 60 seconds, so check that this app reaches each of them on port 53 and Azure DNS's service health`,
  );
}

/** Asks again only the name servers that lacked a record; one that answered keeps it. */
async function stillMissing(missing: readonly Unanswered[]): Promise<Unanswered[]> {
  const results = await Promise.all(
    missing.map(async (pending) => {
      const answer = await ask(pending.nameServer, pending.record);
      return answer === undefined ? undefined : { ...pending, answer };
    }),
  );
  return results.filter((r): r is Unanswered => r !== undefined);
}

/** Undefined when the name server answers every value of the record, else what it answered. */
async function ask(nameServer: NameServer, record: TxtRecord): Promise<string | undefined> {
  let answered: string[];
  try {
    answered = await nameServer.lookup(record.fqdn);
  } catch (error) {
    return `no answer: ${error instanceof Error ? error.message : String(error)}`;
  }
  const found = record.values.filter((v) => answered.includes(v)).length;
  if (found === record.values.length) return undefined;
  return answered.length === 0
    ? 'no TXT record'
    : `${found} of ${record.values.length} challenge values`;
}

/** "ns4-01.azure-dns.info. (_acme-challenge.app.contoso.example: no TXT record)", per name server. */
function describe(missing: readonly Unanswered[]): string {
  const byServer = new Map<string, string[]>();
  for (const m of missing) {
    const list = byServer.get(m.nameServer.name) ?? [];
    list.push(`${m.record.fqdn}: ${m.answer}`);
    byServer.set(m.nameServer.name, list);
  }
  return [...byServer].map(([name, list]) => `${name} (${list.join('; ')})`).join(', ');
}

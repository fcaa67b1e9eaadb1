// Waits until the zone's authoritative DNS server serves the ACME challenge TXT records.
import { AppError } from '../errors.js';
import type { TxtRecord } from './challenge-records.js';
import type { TxtLookup } from './txt-lookup.js';

export interface PropagationOptions {
  lookup: TxtLookup;
  sleep: (ms: number) => Promise<void>;
  /** How many times to ask before giving up. */
  attempts: number;
  intervalMs: number;
  log?: (line: string) => void;
}

/**
 * Waits until the zone's authoritative server answers every challenge value, so the ACME server
 * will find them when it looks. Bounded: after `attempts` polls it fails with the records still
 * missing (never a fixed sleep that hopes for the best).
 */
export async function waitForTxtRecords(
  records: readonly TxtRecord[],
  options: PropagationOptions,
): Promise<number> {
  let missing: TxtRecord[] = [...records];
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    missing = await stillMissing(missing, options.lookup);
    if (missing.length === 0) return attempt;
    if (attempt < options.attempts) {
      options.log?.(
        `waiting for DNS to answer ${missing.map((r) => r.fqdn).join(', ')} (attempt ${attempt})`,
      );
      await options.sleep(options.intervalMs);
    }
  }
  throw new AppError(
    'transient',
    'DnsNotPropagated',
    `the authoritative DNS server does not answer the ACME challenge for ${missing.map((r) => r.fqdn).join(', ')} after ${options.attempts} attempts; check that the zone is delegated to Azure DNS`,
  );
}

async function stillMissing(
  records: readonly TxtRecord[],
  lookup: TxtLookup,
): Promise<TxtRecord[]> {
  const results = await Promise.all(
    records.map(async (record) => {
      const answered = await lookup(record.fqdn).catch(() => [] as string[]);
      return record.values.every((v) => answered.includes(v)) ? undefined : record;
    }),
  );
  return results.filter((r): r is TxtRecord => r !== undefined);
}

// The host's master key (`_master`: "administrative access to the runtime REST APIs", and
// "access keys are randomly generated 32-byte arrays that are encoded as URL-safe base-64
// strings": https://learn.microsoft.com/azure/azure-functions/function-keys-how-to). Unless
// local.settings.json sets Host.MasterKey, the host generates one per state dir, into a file only
// its owner can read. It is printed nowhere: the local stack reads the file to call the /admin and
// Durable routes, which accept nothing else.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileName = 'master-key';
/** 32 random bytes, base64url: what a generated key looks like, and the shortest one accepted. */
const minimumLength = 43;

/** Where a host with this state dir keeps the master key it generated. */
export function masterKeyFile(stateDir: string): string {
  return join(stateDir, fileName);
}

/** The master key to require: the configured one, else the state dir's, generated on first use. */
export function resolveMasterKey(
  configured: string | undefined,
  stateDir: string,
): { key: string; file: string | undefined } {
  if (configured !== undefined) return { key: configured, file: undefined };
  const file = masterKeyFile(stateDir);
  mkdirSync(stateDir, { recursive: true });
  const kept = readMasterKey(file);
  if (kept) {
    chmodSync(file, 0o600);
    return { key: kept, file };
  }
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, file };
}

/** The key a file holds, or undefined when there is none worth keeping. */
export function readMasterKey(file: string): string | undefined {
  try {
    const key = readFileSync(file, 'utf8').trim();
    return key.length >= minimumLength ? key : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

// The init container's entry: the only file that reads the environment. Exit 0 when the group is
// registered and nginx's files are in place; otherwise one line on stderr and a non-zero code.
import { networkInterfaces } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../../../src/azure/connection.js';
import { createVault } from '../../../src/azure/key-vault.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { classifyFailure } from '../../../src/errors.js';
import { readSettings } from '../../../src/settings.js';
import { readInitConfig } from './config.js';
import { runInit } from './run-init.js';

/** About two minutes in all: long enough for most role assignments, short enough to be seen. */
const FORBIDDEN_DELAYS_MS = [5_000, 10_000, 20_000, 30_000, 60_000];

const log = (line: string) => process.stdout.write(`${line}\n`);
const fail = (code: number, line: string) => {
  process.stderr.write(`${line}\n`);
  process.exitCode = code;
};

async function main(): Promise<void> {
  const settings = readSettings(process.env);
  const config = readInitConfig(process.env);
  if (!settings.ok || !config.ok) {
    const problems = [
      ...(settings.ok ? [] : settings.problems.map((p) => `${p.path} ${p.message}`)),
      ...(config.ok ? [] : config.problems),
    ];
    return fail(2, `init failed: invalid environment: ${problems.join('; ')}`);
  }
  try {
    const connection = connect(settings.settings);
    await runInit(config.config, {
      store: createResourceStore(connection, config.config.subscriptionId),
      vault: createVault(connection, config.config.vaultUrl),
      interfaces: networkInterfaces,
      retry: { delaysMs: FORBIDDEN_DELAYS_MS, sleep: (ms) => sleep(ms), log },
      log,
    });
  } catch (error) {
    const failure = classifyFailure(error);
    fail(
      1,
      `init failed: [${failure.kind}/${failure.code}] ${failure.message.replace(/\s+/g, ' ')}`,
    );
  }
}

await main();

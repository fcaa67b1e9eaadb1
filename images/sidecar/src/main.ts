// The sidecar's entry: the only file that reads the environment or touches real processes, clocks
// and Key Vault. It runs until nginx exits and exits with nginx's code; 2 for a bad environment.
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../../../src/azure/connection.js';
import { createVault } from '../../../src/azure/key-vault.js';
import { classifyFailure } from '../../../src/errors.js';
import { readSettings } from '../../../src/settings.js';
import { readSidecarConfig } from './config.js';
import { createProcessRunner } from './process-runner.js';
import { runSidecar } from './run-sidecar.js';
import { READ_RETRY } from './timing.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const settings = readSettings(process.env);
  const config = readSidecarConfig(process.env);
  if (!settings.ok || !config.ok) {
    const problems = [
      ...(settings.ok ? [] : settings.problems.map((p) => `${p.path} ${p.message}`)),
      ...(config.ok ? [] : config.problems),
    ];
    process.stderr.write(`sidecar failed: invalid environment: ${problems.join('; ')}\n`);
    return 2;
  }
  const stop = new AbortController();
  // SIGQUIT too: the nginx base image declares it as the stop signal (STOPSIGNAL SIGQUIT).
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
    process.once(signal, () => {
      log(`sidecar: ${signal} received`);
      stop.abort();
    });
  }
  try {
    return await runSidecar(
      config.config,
      {
        vault: createVault(
          connect(settings.settings, { retry: READ_RETRY }),
          config.config.vaultUrl,
        ),
        runner: createProcessRunner(),
        now: () => new Date(),
        random: Math.random,
        sleep: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
        log,
      },
      stop.signal,
    );
  } catch (error) {
    const failure = classifyFailure(error);
    process.stderr.write(
      `sidecar failed: [${failure.kind}/${failure.code}] ${failure.message.replace(/\s+/g, ' ')}\n`,
    );
    return 1;
  }
}

// Explicit: idle keep-alive sockets of the Key Vault client must not hold the container open.
process.exit(await main());

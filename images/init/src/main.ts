// The init container's entry: the only file that reads the environment. Exit 0 when the shared
// volume is ready for the sidecar; otherwise one line on stderr and a non-zero code.
import { chown, mkdir } from 'node:fs/promises';
import { classifyFailure } from '../../../src/errors.js';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { readInitConfig } from './config.js';
import { runInit } from './run-init.js';

const log = (line: string) => process.stdout.write(`${line}\n`);
const fail = (code: number, line: string) => {
  process.stderr.write(`${line}\n`);
  process.exitCode = code;
};

async function main(): Promise<void> {
  const config = readInitConfig(process.env);
  if (!config.ok) return fail(2, `init failed: invalid environment: ${config.problems.join('; ')}`);
  try {
    await runInit(config.config, {
      mkdir: async (dir) => {
        await mkdir(dir, { recursive: true });
      },
      writeFile: writeFileAtomic,
      chown,
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

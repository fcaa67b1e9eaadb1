import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process and captures what it prints. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the CLI as a real process from source, as a user's shell would. */
export function cliProcess(...argv: string[]): CliRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', ...argv], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

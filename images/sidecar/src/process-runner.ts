// The real process runner: node:child_process behind the ProcessRunner interface of nginx.ts.
import { spawn, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import type { ProcessExit, ProcessRunner } from './nginx.js';

function exitOf(code: number | null, signal: NodeJS.Signals | null): ProcessExit {
  if (signal)
    return { code: 128 + (constants.signals[signal] ?? 0), description: `signal ${signal}` };
  return { code: code ?? 1, description: `exit code ${code ?? 1}` };
}

/** `output` for started processes: inherit (the container's log) or file descriptors (tests). */
export function createProcessRunner(
  output: { stdout: number; stderr: number } | 'inherit' = 'inherit',
): ProcessRunner {
  const stdio: StdioOptions =
    output === 'inherit'
      ? ['ignore', 'inherit', 'inherit']
      : ['ignore', output.stdout, output.stderr];
  return {
    start(command, args) {
      const child = spawn(command, args, { stdio });
      const exited = new Promise<ProcessExit>((resolve) => {
        child.once('error', (error) =>
          resolve({ code: 127, description: `could not start: ${error.message}` }),
        );
        child.once('exit', (code, signal) => resolve(exitOf(code, signal)));
      });
      return { exited, signal: (signal) => void child.kill(signal) };
    },
    run(command, args) {
      return new Promise((resolve) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const collect = (chunk: Buffer) => (output = `${output}${chunk.toString()}`.slice(-4096));
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.once('error', (error) => resolve({ code: 127, output: error.message }));
        child.once('close', (code, signal) => resolve({ code: exitOf(code, signal).code, output }));
      });
    },
  };
}

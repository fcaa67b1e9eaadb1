// `<state dir>/stack.json`: where a running local stack's endpoints are, so that other commands
// (`restart`, `diff`) find it. Written once the stack runs, removed when it stops. Nothing secret in it.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliUsageError } from '../io.js';

export interface StackFile {
  readonly armUrl: string;
  readonly caFile: string;
  readonly hostUrl: string;
  /** The container runtime's `GET /status`, when the stack runs the workload. */
  readonly runtimeStatusUrl?: string;
  /**
   * The local host's `local.settings.json`: its `Values` are the app's settings (`diff` builds the
   * plan with them); its `Host` section holds the function key, which no reader needs.
   */
  readonly appSettingsFile?: string;
}

export const stackFilePath = (stateDir: string) => join(resolve(stateDir), 'stack.json');

export function writeStackFile(stateDir: string, stack: StackFile): () => void {
  const path = stackFilePath(stateDir);
  writeFileSync(path, `${JSON.stringify(stack, null, 2)}\n`);
  return () => rmSync(path, { force: true });
}

export function readStackFile(stateDir: string): StackFile {
  const path = stackFilePath(stateDir);
  if (!existsSync(path)) {
    throw new CliUsageError(
      `no local stack is running with state dir ${stateDir} (no ${path}); start one with \`npm start\``,
    );
  }
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<StackFile>;
    if (typeof value.armUrl === 'string' && typeof value.caFile === 'string') {
      return value as StackFile;
    }
  } catch {
    // Reported below.
  }
  throw new CliUsageError(`${path} is not a stack file written by \`npm start\`; delete it`);
}

/** Where the CLI writes; tests pass their own to capture output without a child process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A user mistake: printed as one message, never with a stack trace. */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/**
 * An outcome that is no error but has its own exit code, its output already printed: `diff`
 * exits 1 when a deployment would change something, as `terraform plan -detailed-exitcode` does.
 */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}

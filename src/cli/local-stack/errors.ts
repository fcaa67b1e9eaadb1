// Errors of `start` and `demo`: the local stack failed to run, or the user interrupted it.
import { CliUsageError } from '../io.js';

/**
 * The local stack could not run (a child died, an endpoint never answered, a tool is missing):
 * printed as one message without a stack trace, like a usage error, but exiting 1.
 */
export class StackError extends CliUsageError {
  constructor(message: string, exitCode = 1) {
    super(message, exitCode);
    this.name = 'StackError';
  }
}

/** Ctrl-C (SIGINT) or SIGTERM arrived while the command was still working. */
export class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

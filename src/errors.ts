/**
 * The error taxonomy that decides retry. Durable Functions hands an orchestrator only the text of
 * what an activity threw, so every error carries its kind and code at the start of its message
 * (`[transient/TooManyRequests] …`) and `classifyFailure` reads them back from any Error.
 */

export type FailureKind =
  /** The request or the spec is wrong; retrying cannot help. Says what was expected. */
  | 'validation'
  /** Throttling, 5xx, network: retry with backoff, honouring Retry-After. */
  | 'transient'
  /** 409/412: someone else changed the resource; re-read, re-plan, try again. */
  | 'conflict'
  /** A resource that must exist does not. */
  | 'not-found'
  /** The caller is not allowed: credentials or role assignments are missing. */
  | 'forbidden'
  /** Anything else: a bug or an unexpected answer. */
  | 'unexpected';

export class AppError extends Error {
  readonly kind: FailureKind;
  readonly code: string;
  /** Server-requested delay before a retry, when it gave one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: FailureKind,
    code: string,
    message: string,
    options: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`[${kind}/${code}] ${message}`, { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The message without its `[kind/code]` prefix, for people. */
  get detail(): string {
    return stripPrefix(this.message);
  }
}

export interface Failure {
  kind: FailureKind;
  code: string;
  message: string;
}

const PREFIX = /^\[(validation|transient|conflict|not-found|forbidden|unexpected)\/([\w.-]+)\] /;

function stripPrefix(message: string): string {
  return message.replace(PREFIX, '');
}

/** Reads kind and code back from an AppError or from the text of one that crossed a boundary. */
export function classifyFailure(error: unknown): Failure {
  if (error instanceof AppError)
    return { kind: error.kind, code: error.code, message: error.detail };
  const text = error instanceof Error ? error.message : String(error);
  // Durable Functions may wrap the activity's message; the prefix can be anywhere in it.
  const match =
    /\[(validation|transient|conflict|not-found|forbidden|unexpected)\/([\w.-]+)\] ([\s\S]*)$/.exec(
      text,
    );
  if (!match) return { kind: 'unexpected', code: 'Unexpected', message: text };
  return { kind: match[1] as FailureKind, code: match[2] ?? 'Unexpected', message: match[3] ?? '' };
}

export function isRetriable(failure: Failure): boolean {
  return failure.kind === 'transient' || failure.kind === 'conflict';
}

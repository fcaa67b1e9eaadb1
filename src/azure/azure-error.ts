import { isRestError } from '@azure/core-rest-pipeline';
import { AppError, type FailureKind } from '../errors.js';

/**
 * Turns what an Azure SDK call threw into an AppError that says what failed, where, and the
 * service's own code and message. `context` names the operation: `PUT containerGroups/ci-x-app-1`.
 */
export function toAppError(error: unknown, context: string): AppError {
  if (error instanceof AppError) return error;
  const lro = lroFailure(error);
  if (lro) return new AppError(lro.kind, lro.code, `${context}: ${lro.message}`, { cause: error });
  if (!isRestError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new AppError('unexpected', 'Unexpected', `${context}: ${message}`, { cause: error });
  }
  const status = error.statusCode;
  const code = serviceCode(error.code, status);
  const kind = kindOf(status, code, error.code);
  const where = status ? `HTTP ${status} ${code}` : code;
  return new AppError(kind, code, `${context}: ${firstLine(error.message)} (${where})`, {
    cause: error,
  });
}

function serviceCode(code: string | undefined, status: number | undefined): string {
  if (code && /^[\w.-]+$/.test(code)) return code;
  return status ? `Http${status}` : 'NetworkError';
}

const RETRIABLE_409 = new Set(['anotheroperationinprogress', 'conflict']);

function kindOf(
  status: number | undefined,
  code: string,
  rawCode: string | undefined,
): FailureKind {
  if (status === undefined)
    return rawCode === 'REQUEST_SEND_ERROR' || rawCode?.startsWith('E')
      ? 'transient'
      : 'unexpected';
  if (status === 429 || (status >= 500 && status !== 501 && status !== 505)) return 'transient';
  if (status === 409) return RETRIABLE_409.has(code.toLowerCase()) ? 'transient' : 'conflict';
  if (status === 412) return 'conflict';
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'forbidden';
  if (status >= 400 && status < 500) return 'validation';
  return 'unexpected';
}

/** SDK messages sometimes append the whole response; the first line is the service's sentence. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).trim();
}

/** Codes of a failed long-running operation that a later attempt can get past. */
const RETRIABLE_LRO_CODES = new Set([
  'canceled',
  'canceledandsupersededduetoanotheroperation',
  'internalservererror',
  'anotheroperationinprogress',
  'retryableerror',
]);

/**
 * core-lro reports a failed operation as a plain Error whose text carries the operation's code:
 * "The long-running operation has failed. <code>. <message>".
 */
function lroFailure(
  error: unknown,
): { kind: FailureKind; code: string; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /^The long-running operation has failed\.(?: ([^.]+)\. ([\s\S]*))?$/.exec(
    error.message,
  );
  if (!match) return undefined;
  // Codes are usually identifiers, but some services put words here ("Url validation").
  const code = (match[1] ?? 'OperationFailed').replace(/\s+(\w)/g, (_all, c: string) =>
    c.toUpperCase(),
  );
  const kind: FailureKind = RETRIABLE_LRO_CODES.has(code.toLowerCase())
    ? 'transient'
    : 'validation';
  return {
    kind,
    code,
    message: `the operation failed: ${firstLine(match[2] ?? 'no reason given')}`,
  };
}

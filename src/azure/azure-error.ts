// Maps what Azure SDK calls throw (RestError, failed long-running operations) onto AppError.
import type { RestError } from '@azure/core-rest-pipeline';
import { AppError, classifyHttp, type FailureKind } from '../errors.js';

/**
 * An error an Azure SDK client threw for an HTTP answer or a failed request. The test
 * core-rest-pipeline's `isRestError` makes for errors of any copy of the package (an object with
 * a string `message` and `name` `RestError`: @typespec/ts-http-runtime restError.ts and
 * util/error.ts), made here without importing the package, which every adapter would otherwise
 * load at start-up (on-first-use.ts).
 */
export function isRestError(error: unknown): error is RestError {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'RestError' && typeof message === 'string';
}

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
  if (code.toLowerCase() === 'missingsubscriptionregistration')
    return missingRegistration(error, context);
  const kind = classifyHttp({ status, code, networkCode: error.code });
  const where = status ? `HTTP ${status} ${code}` : code;
  return new AppError(kind, code, `${context}: ${firstLine(error.message)} (${where})`, {
    cause: error,
    // Every REST call goes through armRetryPolicy, which retries exactly the transient outcomes.
    retriedByPipeline: kind === 'transient',
  });
}

/**
 * ARM's 409 MissingSubscriptionRegistration is not a conflict with another writer: retrying
 * changes nothing until the namespace is registered
 * (`azure-resource-manager/troubleshooting/error-register-resource-provider.md`). So it fails at
 * once, naming the namespace and what registers it.
 */
function missingRegistration(error: RestError, context: string): AppError {
  const namespace = registrationTarget(error) ?? 'the namespace of this resource';
  return new AppError(
    'validation',
    'MissingSubscriptionRegistration',
    `${context}: the subscription is not registered for the resource provider ${namespace}. ` +
      `The resource-providers stage registers every namespace the plan uses before any other ` +
      `stage writes: post the spec again to run it, or register it yourself with ` +
      `\`az provider register --namespace ${namespace}\`. (${firstLine(error.message)})`,
    { cause: error },
  );
}

/** The namespace: ARM names it in `details[].target` and in the message's quotes. */
function registrationTarget(error: RestError): string | undefined {
  const body = error.details as { error?: { details?: { target?: unknown }[] } } | undefined;
  const target = body?.error?.details?.find((d) => typeof d.target === 'string')?.target;
  if (typeof target === 'string' && /^[\w.]+$/.test(target)) return target;
  return /namespace '([\w.]+)'/.exec(error.message)?.[1];
}

function serviceCode(code: string | undefined, status: number | undefined): string {
  if (code && /^[\w.-]+$/.test(code)) return code;
  return status ? `Http${status}` : 'NetworkError';
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
 * core-lro's whole error for an operation that ended `Canceled` (poller.ts, no code, no body):
 * ARM's third terminal state (async-operations.md), which the Network RP gives an operation a
 * newer PUT superseded (`CanceledAndSupersededDueToAnotherOperation`, Azure/azure-cli#21156). A
 * later attempt reads the resource again and writes what is still missing.
 */
const LRO_CANCELED = 'Operation was canceled';
const canceledOperation = {
  kind: 'transient' as FailureKind,
  code: 'Canceled',
  message: 'the operation ended Canceled (another operation superseded it, or it was canceled)',
};

/**
 * core-lro reports a failed operation as a plain Error whose text carries the operation's code:
 * "The long-running operation has failed. <code>. <message>".
 */
function lroFailure(
  error: unknown,
): { kind: FailureKind; code: string; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.message === LRO_CANCELED) return canceledOperation;
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

/**
 * Runs one SDK call and turns whatever it throws into an AppError saying what was being done
 * (`GET providers/Microsoft.Web`), so every adapter reports failures the same way.
 */
export async function describedCall<T>(context: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAppError(error, context);
  }
}

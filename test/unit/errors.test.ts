import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RestError } from '@azure/core-rest-pipeline';
import { toAppError } from '../../src/azure/azure-error.js';
import {
  AppError,
  classifyFailure,
  classifyHttp,
  isRetriable,
  type FailureKind,
  type HttpOutcome,
} from '../../src/errors.js';

const restError = (statusCode: number | undefined, code: string, message: string) =>
  new RestError(message, { statusCode, code });

describe('error taxonomy', () => {
  test('keeps kind and code when only the message crosses the Durable boundary', () => {
    const thrown = new AppError(
      'conflict',
      'PreconditionFailed',
      'gateway agw-x changed since it was read',
    );
    const crossed = new Error(`Activity function 'gateway' failed: ${thrown.message}`);
    assert.deepEqual(classifyFailure(crossed), {
      kind: 'conflict',
      code: 'PreconditionFailed',
      message: 'gateway agw-x changed since it was read',
    });
  });

  test('classifies an error without a code as unexpected, keeping its text', () => {
    assert.deepEqual(classifyFailure(new TypeError('x is undefined')), {
      kind: 'unexpected',
      code: 'Unexpected',
      message: 'x is undefined',
    });
  });

  test("maps ARM's 400 to a validation error that names the operation and ARM's code", () => {
    const error = toAppError(
      restError(400, 'InvalidRequestContent', 'The request content was invalid.'),
      'PUT applicationGateways/agw-x',
    );
    assert.equal(error.kind, 'validation');
    assert.equal(
      error.message,
      '[validation/InvalidRequestContent] PUT applicationGateways/agw-x: The request content was invalid. (HTTP 400 InvalidRequestContent)',
    );
    assert.equal(isRetriable(classifyFailure(error)), false);
  });

  test('maps throttling, busy resources and server errors to transient', () => {
    for (const [status, code] of [
      [429, 'TooManyRequests'],
      [409, 'AnotherOperationInProgress'],
      [503, 'ServiceUnavailable'],
    ] as const) {
      const error = toAppError(restError(status, code, 'try later'), 'op');
      assert.equal(error.kind, 'transient', `${status} ${code}`);
      assert.equal(isRetriable(classifyFailure(error)), true);
    }
  });

  test('maps etag mismatches and other 409s to conflicts, 404 to not-found, 403 to forbidden', () => {
    assert.equal(toAppError(restError(412, 'PreconditionFailed', 'etag'), 'op').kind, 'conflict');
    assert.equal(
      toAppError(restError(409, 'RoleAssignmentExists', 'exists'), 'op').kind,
      'conflict',
    );
    assert.equal(toAppError(restError(404, 'ResourceNotFound', 'gone'), 'op').kind, 'not-found');
    assert.equal(toAppError(restError(403, 'AuthorizationFailed', 'no'), 'op').kind, 'forbidden');
  });

  test('reads the code and message of a failed long-running operation', () => {
    const failed = new Error(
      'The long-running operation has failed. InvalidResourceReference. Subnet snet-x was not found.',
    );
    const error = toAppError(failed, 'PUT containerGroups/ci-x-app-1');
    assert.equal(error.kind, 'validation');
    assert.equal(
      error.message,
      '[validation/InvalidResourceReference] PUT containerGroups/ci-x-app-1: the operation failed: Subnet snet-x was not found.',
    );
    const superseded = new Error(
      'The long-running operation has failed. CanceledAndSupersededDueToAnotherOperation. Superseded.',
    );
    assert.equal(toAppError(superseded, 'PUT applicationGateways/agw-x').kind, 'transient');
    const words = new Error(
      'The long-running operation has failed. Url validation. Webhook validation handshake failed.',
    );
    assert.equal(toAppError(words, 'PUT eventSubscriptions/x').code, 'UrlValidation');
  });

  test("takes an operation that ended Canceled (core-lro's bare error) as transient: a newer PUT superseded it", () => {
    const canceled = toAppError(
      new Error('Operation was canceled'),
      'PUT applicationGateways/agw-x',
    );
    assert.equal(canceled.kind, 'transient');
    assert.equal(canceled.code, 'Canceled');
    assert.match(
      canceled.message,
      /^\[transient\/Canceled\] PUT applicationGateways\/agw-x: the operation ended Canceled/,
    );
    assert.equal(toAppError(new Error('Operation was canceled!'), 'op').kind, 'unexpected');
  });

  test('maps a dropped connection to transient', () => {
    assert.equal(
      toAppError(restError(undefined, 'ECONNRESET', 'socket hang up'), 'op').kind,
      'transient',
    );
  });

  test('classifies every HTTP outcome into the kind that decides retry', () => {
    const cases: [HttpOutcome, FailureKind][] = [
      [{ status: 429, code: 'TooManyRequests' }, 'transient'],
      [{ status: 500 }, 'transient'],
      [{ status: 503 }, 'transient'],
      [{ status: 501 }, 'unexpected'],
      [{ status: 505 }, 'unexpected'],
      [{ status: 409, code: 'AnotherOperationInProgress' }, 'transient'],
      [{ status: 409, code: 'Conflict' }, 'transient'],
      [{ status: 409, code: 'RoleAssignmentExists' }, 'conflict'],
      [{ status: 409 }, 'conflict'],
      [{ status: 412 }, 'conflict'],
      [{ status: 404 }, 'not-found'],
      [{ status: 401 }, 'forbidden'],
      [{ status: 403 }, 'forbidden'],
      [{ status: 400 }, 'validation'],
      [{ status: 422 }, 'validation'],
      [{ status: 302 }, 'unexpected'],
      [{ status: 200 }, 'unexpected'],
      [{ networkCode: 'ETIMEDOUT' }, 'transient'],
      [{ networkCode: 'ERR_INVALID_URL' }, 'unexpected'],
      [{}, 'unexpected'],
    ];
    for (const [outcome, kind] of cases)
      assert.equal(classifyHttp(outcome), kind, JSON.stringify(outcome));
  });

  test('shows its name and the [kind/code] text in logs, and keeps the error it wraps', () => {
    const sdkError = restError(400, 'InvalidRequestContent', 'bad body');
    const error = toAppError(sdkError, 'PUT vaults/kv-x');
    assert.equal(
      String(error),
      'AppError: [validation/InvalidRequestContent] PUT vaults/kv-x: bad body (HTTP 400 InvalidRequestContent)',
    );
    assert.equal(error.cause, sdkError);
  });

  test('classifies an error thrown in the same process by its own kind and code', () => {
    // In-process retry decisions read the error itself, not its text.
    const error = new AppError('transient', 'Canceled:Superseded', 'PUT applicationGateways/agw-x');
    const failure = classifyFailure(error);
    assert.deepEqual([failure.kind, failure.code], ['transient', 'Canceled:Superseded']);
  });

  test('never cuts a failure text quoted inside the message out of its detail', () => {
    // A long-running operation's code may hold characters the text form cannot carry (see above),
    // and its message may quote an earlier failure: detail must not strip that one instead.
    const error = new AppError(
      'transient',
      'Canceled:Superseded',
      'PUT applicationGateways/agw-x: [transient/TooManyRequests] try later',
    );
    assert.equal(
      error.detail,
      'PUT applicationGateways/agw-x: [transient/TooManyRequests] try later',
    );
  });

  test('reads kind and code back from the text of a failure whose code has punctuation', () => {
    // Durable hands an activity's failure to the orchestrator as text only.
    const error = new AppError('transient', 'Canceled:Superseded', 'PUT applicationGateways/agw-x');
    const failure = classifyFailure(new Error(`Activity failed: ${error.message}`));
    assert.deepEqual(failure, {
      kind: 'transient',
      code: 'Canceled:Superseded',
      message: 'PUT applicationGateways/agw-x',
    });
  });
});

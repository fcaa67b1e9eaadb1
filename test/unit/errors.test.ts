import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RestError } from '@azure/core-rest-pipeline';
import { toAppError } from '../../src/azure/azure-error.js';
import { AppError, classifyFailure, isRetriable } from '../../src/errors.js';

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

  test('maps a dropped connection to transient', () => {
    assert.equal(
      toAppError(restError(undefined, 'ECONNRESET', 'socket hang up'), 'op').kind,
      'transient',
    );
  });
});

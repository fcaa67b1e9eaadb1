// ARM error bodies: `{ "error": { "code", "message" } }` with the codes ARM documents
// (https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors).
import type { EmuResponse } from '../core/model.js';

export interface ArmErrorDetail {
  code: string;
  message: string;
  /** What the error is about, such as the namespace of MissingSubscriptionRegistration. */
  target?: string;
  details?: ArmErrorDetail[];
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ArmErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toResponse(): EmuResponse {
    const error: ArmErrorDetail = { code: this.code, message: this.message };
    if (this.details) error.details = this.details;
    return { status: this.status, body: { error }, headers: this.headers ?? {} };
  }
}

/** Runs a handler and turns what it throws into ARM's error body (500 for anything unexpected). */
export function armResponse(run: () => EmuResponse): EmuResponse {
  try {
    return run();
  } catch (err) {
    if (err instanceof ArmError) return err.toResponse();
    const message = err instanceof Error ? err.message : String(err);
    return { status: 500, body: { error: { code: 'InternalServerError', message } } };
  }
}

export function errorResponse(status: number, code: string, message: string): EmuResponse {
  return new ArmError(status, code, message).toResponse();
}

export const armErrors = {
  resourceGroupNotFound: (rg: string) =>
    new ArmError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`),
  resourceNotFound: (type: string, name: string, rg: string) =>
    new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  parentNotFound: (parent: string) =>
    new ArmError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${parent}' not found.`,
    ),
  invalidContent: (detail: string) =>
    new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${detail}'.`,
    ),
  missingApiVersion: () =>
    new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),
  locationRequired: () =>
    new ArmError(400, 'LocationRequired', 'The location property is required for this definition.'),
  preconditionFailed: () =>
    new ArmError(
      412,
      'PreconditionFailed',
      'The condition specified using HTTP conditional header(s) is not met.',
    ),
  /**
   * 412 as the DNS and Private DNS RPs word it, `noun` being `Record set`, `Zone`, …
   * (Azure/azure-powershell `src/Dns/Dns.Test/ScenarioTests/RecordsTests.ps1`,
   * `Test-RecordSetNewAlreadyExists` and `Test-RecordSetEtagMismatch`; the PrivateDns scenario
   * tests expect the same words, "The Zone {0} has been modified (etag mismatch)" for a zone).
   */
  dnsAlreadyExists: (noun: string, name: string) =>
    new ArmError(
      412,
      'PreconditionFailed',
      `The ${noun} ${name} exists already and hence cannot be created again.`,
    ),
  dnsEtagMismatch: (noun: string, name: string) =>
    new ArmError(
      412,
      'PreconditionFailed',
      `The ${noun} ${name} has been modified (etag mismatch).`,
    ),
  unauthenticated: () =>
    new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      undefined,
      {
        'www-authenticate':
          'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
      },
    ),
  noRoute: (method: string, path: string) =>
    new ArmError(
      400,
      'InvalidResourceType',
      `The emulator does not serve ${method} ${path}. It models only the resource types listed in docs/design/20261126-emulator.md.`,
    ),
  anotherOperation: (id: string) =>
    new ArmError(
      409,
      'AnotherOperationInProgress',
      `Another operation on this or dependent resource is in progress. Resource: ${id}.`,
    ),
};

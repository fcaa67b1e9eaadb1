// Submits the spec to the local host and follows the deployment through its status endpoint,
// reporting every stage change as it happens.
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './errors.js';
import {
  jsonOf,
  loopbackRequest,
  type LoopbackRequest,
  type LoopbackResponse,
} from './loopback-http.js';
import { isFinished, progressLines, type StatusView } from './status.js';

export interface AppClient {
  readonly hostUrl: string;
  readonly functionKey: string;
  /** How requests are sent; loopback-only unless a command talks to a deployed app. */
  readonly request?: (url: string, options: LoopbackRequest) => Promise<LoopbackResponse>;
}

export function statusUrl(client: AppClient, environment: string): string {
  return `${client.hostUrl}/api/environments/${encodeURIComponent(environment)}`;
}

export function send(
  client: AppClient,
  url: string,
  options: LoopbackRequest,
): Promise<LoopbackResponse> {
  return (client.request ?? loopbackRequest)(url, options);
}

/** POST /api/environments; a refusal (400, 409) is reported with the app's own message. */
export async function submitSpec(client: AppClient, spec: unknown): Promise<void> {
  const response = await send(client, `${client.hostUrl}/api/environments`, {
    method: 'POST',
    body: spec,
    headers: { 'x-functions-key': client.functionKey },
  });
  if (response.status !== 202)
    throw new StackError(
      `the app refused the spec (HTTP ${response.status}): ${refusal(response)}`,
    );
}

/** The app's own error message, with the problem list of an invalid spec one per line. */
export function refusal(response: LoopbackResponse): string {
  try {
    const { error } = JSON.parse(response.text) as {
      error?: { message?: string; problems?: { path: string; message: string }[] };
    };
    const problems = (error?.problems ?? []).map((p) => `\n  ${p.path}: ${p.message}`).join('');
    return `${error?.message ?? response.text}${problems}`;
  } catch {
    return response.text || 'no detail';
  }
}

export async function readStatus(client: AppClient, environment: string): Promise<StatusView> {
  const response = await send(client, statusUrl(client, environment), {
    headers: { 'x-functions-key': client.functionKey },
  });
  if (response.status !== 200) {
    throw new StackError(
      `reading the deployment status failed: ${response.status} ${response.text}`,
    );
  }
  return jsonOf(response) as unknown as StatusView;
}

export interface FollowOptions {
  readonly intervalMs: number;
  /** Upper bound on polls, so a stuck deployment ends the wait. */
  readonly maxPolls: number;
  readonly say: (line: string) => void;
}

/** Polls until the orchestration finishes, printing each stage change; returns the last status. */
export function followDeployment(
  client: AppClient,
  environment: string,
  options: FollowOptions,
): Promise<StatusView> {
  return followProgress(() => readStatus(client, environment), options, {
    what: `the deployment of ${environment}`,
    where: statusUrl(client, environment),
  });
}

/**
 * Polls `read` until the workflow it reports on has finished, printing each step that changed
 * (a deployment's stages, a teardown's steps); returns the last status.
 */
export async function followProgress<S extends StatusView>(
  read: () => Promise<S>,
  options: FollowOptions,
  workflow: { what: string; where: string },
): Promise<S> {
  const seen = new Map<string, string>();
  for (let poll = 0; poll < options.maxPolls; poll += 1) {
    const status = await read();
    for (const line of progressLines(seen, status)) options.say(line);
    if (isFinished(status)) return status;
    await sleep(options.intervalMs);
  }
  const minutes = Math.round((options.maxPolls * options.intervalMs) / 60_000);
  throw new StackError(
    `${workflow.what} did not finish within ${minutes} minutes; see ${workflow.where}`,
  );
}

// What the app's HTTP starters answer, shared by the deployment's and the teardown's routes: the
// answer shape `functions/` maps onto the Functions response, the error body, the check of an
// environment name in a URL, and one step of a workflow's progress as the status routes show it.
import { specSchema, type SpecProblem } from '../spec/index.js';

export interface HttpAnswer {
  status: number;
  jsonBody: unknown;
  headers?: Record<string, string>;
}

/** An error answer: `{ error: { code, message, problems? } }`. */
export function refusal(
  status: number,
  code: string,
  message: string,
  problems?: SpecProblem[],
): HttpAnswer {
  return { status, jsonBody: { error: { code, message, ...(problems ? { problems } : {}) } } };
}

/** The spec's own environment-name rule, checked before the name reaches the Durable client. */
export function invalidEnvironmentName(environment: string): HttpAnswer | undefined {
  const checked = specSchema.shape.name.safeParse(environment);
  if (checked.success) return undefined;
  const shown = environment.length > 40 ? `${environment.slice(0, 40)}…` : environment;
  return refusal(
    400,
    'InvalidEnvironmentName',
    `${JSON.stringify(shown)} is not an environment name: it ${checked.error.issues.map((i) => i.message).join('; ')}`,
  );
}

/** One stage of a deployment, or step of a teardown, in its status answer. */
export interface StepProgress {
  state: string;
  startedAt?: string;
  endedAt?: string;
  summary?: string;
  waitingFor?: string;
  error?: { code: string; message: string };
}

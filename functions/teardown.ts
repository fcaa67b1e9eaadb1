// Tearing an environment down: DELETE /api/environments/{name} starts the teardown workflow,
// GET /api/environments/{name}/teardown shows its steps and, at the end, what was deleted and kept.
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import { startTeardown, teardownStatus } from '../src/teardown/teardown-api.js';
import { teardownWorkflow } from '../src/teardown/teardown.orchestrator.js';
import { toHttp } from './http-answer.js';
import { registerWorkflow } from './register.js';

app.http('deleteEnvironment', {
  route: 'environments/{name}',
  methods: ['DELETE'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    toHttp(
      await startTeardown(
        df.getClient(context),
        request.params.name ?? '',
        new URL(request.url).origin,
      ),
    ),
});

app.http('getTeardown', {
  route: 'environments/{name}/teardown',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    toHttp(await teardownStatus(df.getClient(context), request.params.name ?? '')),
});

registerWorkflow(teardownWorkflow);

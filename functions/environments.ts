// HTTP starters: POST /api/environments deploys a spec, GET /api/environments/{name} shows progress.
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import { toHttp } from './http-answer.js';
import { appSettings, appTelemetry } from '../src/composition.js';
import {
  deploymentStatus,
  readJsonBody,
  startDeployment,
} from '../src/provisioning/environments-api.js';

app.http('postEnvironment', {
  route: 'environments',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const read = readJsonBody(await request.text());
    if (!read.ok) return toHttp(read.response);
    const origin = new URL(request.url).origin;
    await appTelemetry();
    return toHttp(
      await startDeployment(
        df.getClient(context),
        read.body,
        origin,
        appSettings(),
        context.traceContext?.traceParent ?? undefined,
      ),
    );
  },
});

app.http('getEnvironment', {
  route: 'environments/{name}',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> =>
    toHttp(await deploymentStatus(df.getClient(context), request.params.name ?? '')),
});

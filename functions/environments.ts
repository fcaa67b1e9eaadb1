// HTTP starters: POST /api/environments deploys a spec, GET /api/environments/{name} shows progress.
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import {
  deploymentStatus,
  startDeployment,
  type ApiResponse,
} from '../src/provisioning/environments-api.js';

function toHttp(response: ApiResponse): HttpResponseInit {
  return { status: response.status, jsonBody: response.jsonBody, headers: response.headers };
}

app.http('postEnvironment', {
  route: 'environments',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const text = await request.text();
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch (error) {
      const reason = text.trim()
        ? error instanceof Error
          ? error.message
          : String(error)
        : 'the body is empty';
      return {
        status: 400,
        jsonBody: {
          error: {
            code: 'InvalidJson',
            message: `the request body must be a JSON environment spec: ${reason}`,
          },
        },
      };
    }
    return toHttp(await startDeployment(df.getClient(context), body, new URL(request.url).origin));
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

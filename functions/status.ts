// The status page: GET /api/status is the HTML page, GET /api/status/data the JSON it polls.
// Both are function-key protected like the environments API (README "HTTP API").
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import { appServices } from '../src/composition.js';
import { DATA_HEADERS, PAGE_HEADERS, PAGE_HTML, statusReader } from '../src/status/index.js';

const reader = statusReader(() => appServices());

app.http('statusPage', {
  route: 'status',
  methods: ['GET'],
  authLevel: 'function',
  handler: (): HttpResponseInit => ({ status: 200, headers: PAGE_HEADERS, body: PAGE_HTML }),
});

app.http('statusData', {
  route: 'status/data',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (
    _request: HttpRequest,
    context: InvocationContext,
  ): Promise<HttpResponseInit> => ({
    status: 200,
    headers: DATA_HEADERS,
    jsonBody: await reader.read(df.getClient(context)),
  }),
});

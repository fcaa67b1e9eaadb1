// The HTTP starters' answers (src/environments/http-answers.ts) as the Functions host takes them.
import type { HttpResponseInit } from '@azure/functions';
import type { HttpAnswer } from '../src/environments/http-answers.js';

export function toHttp(answer: HttpAnswer): HttpResponseInit {
  return { status: answer.status, jsonBody: answer.jsonBody, headers: answer.headers };
}

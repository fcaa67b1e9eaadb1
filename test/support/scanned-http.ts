// Every HTTP answer an end-to-end test reads passes through here: its headers and body go through
// the project's secret scanner (src/plan/secrets-scan.ts), and a finding fails the test, naming
// the request and where in the answer the finding is, never the value. Calls to the emulator's
// own admin API (test/support/admin.ts) are not scanned: they read Azure's inner state, which
// holds secrets by design (a vault's secrets), not an answer of this app.
import assert from 'node:assert/strict';
import { findSecretLikeValues } from '../../src/plan/index.js';

export interface ScannedResponse {
  readonly status: number;
  /** As fetch() or node:http give them: repeated headers may be arrays. */
  readonly headers: Readonly<Record<string, unknown>>;
  readonly text: string;
}

/** Fails naming `what` when the answer's headers or body hold anything secret-like. */
export function assertNoSecretInAnswer(what: string, answer: ScannedResponse): void {
  const findings = findSecretLikeValues({ headers: answer.headers, body: bodyOf(answer.text) });
  if (findings.length === 0) return;
  assert.fail(
    `${what} answered ${answer.status} with secret-like values: ${findings
      .map((f) => `${f.path} (${f.reason})`)
      .join('; ')}`,
  );
}

/** fetch(), then the scan; the answer comes back read, as text. */
export async function scannedFetch(url: string, init: RequestInit = {}): Promise<ScannedResponse> {
  const response = await fetch(url, init);
  const answer = {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  };
  // The path only: a query could hold a key the test itself sent.
  assertNoSecretInAnswer(`${init.method ?? 'GET'} ${new URL(url).pathname}`, answer);
  return answer;
}

function bodyOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

// The host's own request/response shapes: what server.ts reads off the socket and writes back.
// Handlers are functions of a HostRequest, testable without a socket.

export interface HostRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-cased header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export interface HostResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Buffer;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HostResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function textResponse(status: number, text: string): HostResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

/** Parses a JSON body; `undefined` for an empty body, an Error for malformed JSON. */
export function parseJsonBody(req: HostRequest): unknown {
  const text = req.body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return new Error(`The request body is not valid JSON: ${(err as Error).message}`);
  }
}

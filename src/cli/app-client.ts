// HTTP client of a deployed app's API (in Azure or on the local host), for `deploy` and `status`.
import { CliUsageError } from './io.js';
import type { AppClient, LoopbackRequest, LoopbackResponse } from './local-stack/index.js';

/** Environment variable holding the app's function key, so it never appears in `ps` output. */
export const FUNCTION_KEY_VARIABLE = 'ACI_VNET_SIDECARS_FUNCTION_KEY';

export interface AppOptions {
  url: string;
  key?: string;
}

/** A client of a deployed aci-vnet-sidecars app (in Azure, or the local host). */
export function appClient(
  options: AppOptions,
  env: Record<string, string | undefined> = process.env,
): AppClient {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new CliUsageError(
      `--url ${options.url} is not a URL; use the app's base URL, such as https://myapp.azurewebsites.net`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CliUsageError(`--url must be http(s), got ${url.protocol}`);
  // The function key travels in a header: over plain http it is readable on every network hop.
  // Microsoft says of the master key "This key should only be sent to HTTPS endpoints"
  // (azure-functions/functions-manually-run-non-http); a function key gets the same care.
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname))
    throw new CliUsageError(
      `--url ${url.origin} is plain http to a host that is not this machine: the function key would cross the network unencrypted; use https:// (plain http is only for 127.0.0.0/8, [::1] and localhost)`,
    );
  const functionKey = options.key ?? env[FUNCTION_KEY_VARIABLE];
  if (!functionKey) {
    throw new CliUsageError(
      `no function key: set ${FUNCTION_KEY_VARIABLE} (or pass --key) to the app's function key`,
    );
  }
  return { hostUrl: url.origin, functionKey, request: httpRequest };
}

/** 127.0.0.0/8, ::1 and `localhost`, as the WHATWG URL parser spells a hostname. */
export function isLoopbackHostname(hostname: string): boolean {
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  if (octets) return octets.slice(1).every((o) => Number(o) <= 255);
  return hostname === '[::1]' || hostname === 'localhost';
}

async function httpRequest(target: string, options: LoopbackRequest): Promise<LoopbackResponse> {
  try {
    const response = await fetch(target, {
      method: options.method ?? 'GET',
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    const cause =
      (error as { cause?: { code?: string } }).cause?.code ??
      (error instanceof Error ? error.message : String(error));
    throw new CliUsageError(`cannot reach ${new URL(target).origin}: ${cause}`, 1);
  }
}

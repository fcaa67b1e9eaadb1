// The local stand-in for the Instance Metadata Service a container reaches in ACI: one HTTP server
// on 127.0.0.1, one URL prefix per container (`/containers/<random key>`). The runtime hands a
// container its prefix as AZURE_POD_IDENTITY_AUTHORITY_HOST, which @azure/msal-node's Imds source
// takes instead of http://169.254.169.254 (appending /metadata/identity/oauth2/token) and which
// makes @azure/identity skip its IMDS probe: DefaultAzureCredential then runs as it does in ACI.
// The key is the only thing that tells callers apart, as the VM is for IMDS.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MintToken } from '../types.js';
import { tokenAnswer, unknownSource, type ImdsAnswer, type ImdsCaller } from './imds-answers.js';

export interface ImdsEndpointOptions {
  mintToken: MintToken;
  /** Milliseconds since the epoch: the clock the minter uses too. */
  now?: () => number;
  log: (line: string) => void;
}

export interface ImdsRegistration {
  /** The container's AZURE_POD_IDENTITY_AUTHORITY_HOST: `http://127.0.0.1:P/containers/<key>`. */
  authorityHost: string;
  /** The container stopped: its key is refused from now on. */
  revoke(): void;
}

export interface ImdsEndpoint {
  /** `http://127.0.0.1:P`. */
  readonly url: string;
  register(caller: ImdsCaller): ImdsRegistration;
  close(): Promise<void>;
}

const PREFIX = /^\/containers\/([0-9a-f]{32})(\/.*)?$/;

export async function startImdsEndpoint(options: ImdsEndpointOptions): Promise<ImdsEndpoint> {
  const now = options.now ?? Date.now;
  const callers = new Map<string, ImdsCaller>();

  function answer(req: IncomingMessage): ImdsAnswer & { caller?: ImdsCaller } {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, key = '', path = '/'] = PREFIX.exec(url.pathname) ?? [];
    const caller = callers.get(key);
    if (!caller) return unknownSource(url.pathname);
    const metadata = req.headers.metadata;
    return {
      caller,
      ...tokenAnswer(
        caller,
        {
          method: req.method ?? 'GET',
          path,
          query: url.searchParams,
          metadata: Array.isArray(metadata) ? metadata[0] : metadata,
        },
        { mintToken: options.mintToken, nowSeconds: Math.floor(now() / 1000) },
      ),
    };
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const { status, body, refusal, caller } = answer(req);
    if (refusal) {
      const who = caller
        ? `${caller.init ? 'init container' : 'container'} ${caller.container} of ${caller.group}`
        : 'a caller';
      options.log(`imds: refused ${who} (${status} ${body.error ?? ''}): ${refusal}`);
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    register(caller) {
      const key = randomBytes(16).toString('hex');
      callers.set(key, { ...caller, identities: [...caller.identities] });
      return {
        authorityHost: `${url}/containers/${key}`,
        revoke: () => void callers.delete(key),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        callers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

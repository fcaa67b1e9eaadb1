// The pages Application Gateway v2 answers itself (502, 504, 404, redirects), as observed:
// `Server: Microsoft-Azure-Application-Gateway/v2` and an nginx-style body ending in
// "<hr><center>Microsoft-Azure-Application-Gateway/v2</center>" (for example the 403 and 504
// pages quoted in public repositories of Azure users; no Microsoft page shows them).
import type { ServerResponse } from 'node:http';

export const SERVER_HEADER = 'Microsoft-Azure-Application-Gateway/v2';

const REASONS: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  303: 'See Other',
  307: 'Temporary Redirect',
  404: 'Not Found',
  502: 'Bad Gateway',
  504: 'Gateway Time-out',
};

export function pageBody(status: number): string {
  const title = `${status} ${REASONS[status] ?? ''}`.trim();
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>${SERVER_HEADER}</center>\r\n</body>\r\n</html>\r\n`;
}

/** Answers with the gateway's own page, unless the response has begun already. */
export function sendPage(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = pageBody(status);
  res.writeHead(status, {
    server: SERVER_HEADER,
    'content-type': 'text/html',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

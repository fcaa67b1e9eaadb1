// DNS-rebinding defence: a web page can make a browser send requests to 127.0.0.1 under the
// attacker's own host name, so listening on loopback is not enough. Like other local development
// servers, the host answers only requests whose Host header names this machine: `localhost`,
// 127.0.0.0/8 or [::1], with an optional port. (Inferred: the real Functions host runs behind App
// Service's front ends, which route on the host name; no document describes Core Tools doing this.)

const loopbackHost = /^(?:localhost|\[::1\]|127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}))(?::\d{1,5})?$/i;

export function isLoopbackHostHeader(host: string | undefined): boolean {
  const m = host === undefined ? null : loopbackHost.exec(host);
  if (!m) return false;
  return m.slice(1).every((octet) => octet === undefined || Number(octet) <= 255);
}
